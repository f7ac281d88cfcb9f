package io.medsieve.redaction.pdf;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a value is still readable in the OCR text of a redacted page. Both sides are normalised the same
 * way (Unicode NFKC, case-folded, every run of non-letters/digits turned into one space), and a value counts as
 * readable when
 * <ol>
 *     <li>the whole value, spaces removed, occurs in the page text with spaces removed (so "(555) 010-4477" is found
 *     as "555-010-4477" or "5550104477"); a value of fewer than 4 letters and digits must instead occur as whole
 *     words, or it would match inside any longer word; or</li>
 *     <li>the value has several words and any one of them that is at least {@value #MIN_TOKEN_LENGTH} characters
 *     long, is not a {@link #COMMON_WORDS common word} and is not a bare year, occurs inside a word of the page text.
 *     A surname left visible next to a blacked-out first name is still a leak; "Lane" or "Street" left visible is
 *     not. A year alone is not an identifier under Safe Harbor, so a date's year does not count on its own.</li>
 * </ol>
 * The rule errs towards reporting a residual: a false alarm sends a document to review, a miss leaks PHI.
 */
final class ResidualRule {

    static final int MIN_TOKEN_LENGTH = 4;

    private static final Pattern NOT_ALNUM = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Pattern YEAR = Pattern.compile("(18|19|20|21)\\d\\d");

    /**
     * Words of four or more letters that say nothing about a person on their own: frequent English words, the
     * labels and generic parts of addresses, dates and contact details, and the markers of the test fixtures.
     */
    static final Set<String> COMMON_WORDS = Set.copyOf(Arrays.asList(("""
            about above after again against also always among another anyone because been before being below
            between both could does doing done down during each even every from have having here home into just
            like made make many more most much must near never only other over same should some such than that
            their them then there these they this those through under until upon very were what when where which
            while will with within without would your yours
            street road lane avenue drive court place boulevard square terrace parkway highway route suite
            apartment unit floor building block north south east west box
            january february march april june july august september october november december
            monday tuesday wednesday thursday friday saturday sunday
            patient name date birth born phone mobile cell home work email mail fax number record medical health
            member plan policy group account license licence hospital clinic center centre general memorial county
            city state saint mount university test example http https
            """).strip().split("\\s+")));

    private ResidualRule() {
    }

    /** Case-folded letters and digits, words separated by single spaces. */
    static String normalise(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return NOT_ALNUM.matcher(folded).replaceAll(" ").strip();
    }

    /** The OCR text of one page, prepared once for all the probes of that page. */
    static final class PageText {

        private final String spaced;
        private final String compact;
        private final List<String> words;

        PageText(String ocrText) {
            String normalised = normalise(ocrText);
            this.spaced = " " + normalised + " ";
            this.compact = normalised.replace(" ", "");
            this.words = normalised.isEmpty() ? List.of() : List.of(normalised.split(" "));
        }

        /** Whether {@code value} is readable on this page under the rule above. */
        boolean shows(String value) {
            String normalised = normalise(value);
            if (normalised.isEmpty()) {
                return false;
            }
            String compactValue = normalised.replace(" ", "");
            if (compactValue.length() >= MIN_TOKEN_LENGTH
                    ? compact.contains(compactValue)
                    : spaced.contains(" " + normalised + " ")) {
                return true;
            }
            String[] tokens = normalised.split(" ");
            if (tokens.length < 2) {
                return false;
            }
            for (String token : tokens) {
                if (distinctive(token) && words.stream().anyMatch(word -> word.contains(token))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean distinctive(String token) {
            return token.length() >= MIN_TOKEN_LENGTH && !COMMON_WORDS.contains(token)
                    && !YEAR.matcher(token).matches();
        }
    }
}
