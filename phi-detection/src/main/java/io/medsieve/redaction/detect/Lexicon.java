package io.medsieve.redaction.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The word lists the name and location detectors consult, upper-cased for case-blind lookup (OCR output and nursing
 * notes are often ALL CAPS). Loaded once from {@code /phi/*.txt} on the classpath; see that folder's README for
 * sources and licences.
 *
 * <p>Why an English word list: a name dictionary alone flags "MARK", "BILL" or "HOPE" in every upper-case note. A
 * token that is also an ordinary English word is only a name when context says so.
 */
public final class Lexicon {

    private final Set<String> firstNames;
    private final Set<String> surnames;
    private final Set<String> englishWords;
    private final Set<String> clinicalTerms;
    private final Set<String> functionWords;
    private final Set<String> places;
    private final Set<String> placeFirstWords;

    /**
     * Classpath resources of the shipped word lists, in constructor order; a rules version that names what ran
     * digests exactly these.
     */
    public static final List<String> WORD_LISTS = List.of("/phi/first-names.txt", "/phi/surnames.txt",
            "/phi/english-words.txt", "/phi/clinical-stoplist.txt", "/phi/function-words.txt", "/phi/us-places.txt");

    /** Loads the lists shipped with the service. */
    public Lexicon() {
        this(load(WORD_LISTS.get(0)), load(WORD_LISTS.get(1)), load(WORD_LISTS.get(2)), load(WORD_LISTS.get(3)),
                load(WORD_LISTS.get(4)), load(WORD_LISTS.get(5)));
    }

    /** For tests that need small, explicit lists, without a gazetteer. All entries are upper-cased. */
    public Lexicon(Set<String> firstNames, Set<String> surnames, Set<String> englishWords,
                   Set<String> clinicalTerms, Set<String> functionWords) {
        this(firstNames, surnames, englishWords, clinicalTerms, functionWords, Set.of());
    }

    /**
     * For tests that need small, explicit lists. All entries are upper-cased; {@code places} holds town and city
     * names, multi-word ones with single spaces ("GLEN BURNIE").
     */
    public Lexicon(Set<String> firstNames, Set<String> surnames, Set<String> englishWords,
                   Set<String> clinicalTerms, Set<String> functionWords, Set<String> places) {
        this.firstNames = upper(firstNames);
        this.surnames = upper(surnames);
        this.englishWords = upper(englishWords);
        this.clinicalTerms = upper(clinicalTerms);
        this.functionWords = upper(functionWords);
        this.places = upper(places);
        Set<String> firsts = new HashSet<>();
        for (String p : this.places) {
            int space = p.indexOf(' ');
            if (space > 0) {
                firsts.add(p.substring(0, space));
            }
        }
        this.placeFirstWords = firsts;
    }

    /** A US town or city name from the gazetteer, one word or several joined by single spaces. */
    public boolean isPlace(String upper) {
        return places.contains(upper);
    }

    /** Whether some multi-word place name starts with this word ("GLEN" of "GLEN BURNIE"): a cheap prefilter. */
    boolean startsPlace(String upper) {
        return placeFirstWords.contains(upper);
    }

    public boolean isFirstName(String upper) {
        return firstNames.contains(upper);
    }

    public boolean isSurname(String upper) {
        return surnames.contains(upper);
    }

    public boolean isName(String upper) {
        return firstNames.contains(upper) || surnames.contains(upper);
    }

    public boolean isEnglishWord(String upper) {
        return englishWords.contains(upper);
    }

    /** Drug, disease, eponym, anatomy and abbreviation terms that must not be redacted without strong context. */
    public boolean isClinicalTerm(String upper) {
        return clinicalTerms.contains(upper);
    }

    /** Articles, prepositions, pronouns, auxiliaries and charting verbs: never part of a name. */
    public boolean isFunctionWord(String upper) {
        return functionWords.contains(upper);
    }

    private static Set<String> upper(Set<String> in) {
        Set<String> out = new HashSet<>(in.size() * 2);
        for (String s : in) {
            out.add(s.toUpperCase(Locale.ROOT));
        }
        return out;
    }

    private static Set<String> load(String resource) {
        InputStream in = Lexicon.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing PHI word list on the classpath: " + resource);
        }
        Set<String> out = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && line.charAt(0) != '#') {
                    out.add(line.toUpperCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PHI word list " + resource, e);
        }
        return out;
    }
}
