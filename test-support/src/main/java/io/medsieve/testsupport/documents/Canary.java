package io.medsieve.testsupport.documents;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Unique, obviously fake person names to plant in file names, metadata and document text, then search
 * logs, events and outputs for.
 *
 * <p>The name has to look like a name (capitalised first and last name) so that NER-based redaction
 * treats it as PHI, yet must be impossible to confuse with a real person or with anything else in a log:
 * the syllables are chosen to be un-English, and the tag after the hyphen avoids the letters a-f so it
 * can never occur by chance inside a hex UUID or hash. Each name is unique within the JVM, so parallel
 * tests cannot see each other's canaries.
 */
public final class Canary {

    private static final String[] ONSETS = {"Zy", "Quo", "Vrix", "Blo", "Xan", "Grim", "Twee", "Kvo", "Plon", "Snorb",
        "Wub", "Jix", "Frob", "Glim", "Yox", "Zorp"};
    private static final String[] MIDDLES = {"x", "rb", "nk", "zz", "lm", "wk", "mp", "bbl", "rv", "qu", "gl", "sn"};
    private static final String[] FIRST_ENDS = {"a", "o", "ette", "ina", "wa", "el", "ix", "ora"};
    private static final String[] LAST_ENDS = {"le", "wick", "thorpe", "by", "ington", "stadt", "ley", "worth"};
    private static final String TAG_ALPHABET = "ghjkmnpqrstvwxyz23456789";

    /** Matches any name produced by {@link #newName()}, for scanning whole logs without knowing which one. */
    public static final Pattern PATTERN = Pattern.compile("\\b[A-Z][a-z]+ [A-Z][a-z]+-[" + TAG_ALPHABET + "]{6}\\b");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    private Canary() {
    }

    /** A fresh name such as {@code "Zyxwa Quorble-k7m2q9"}, never returned twice in this JVM. */
    public static String newName() {
        while (true) {
            String first = word(FIRST_ENDS);
            String last = word(LAST_ENDS);
            String name = first + " " + last + "-" + tag();
            if (ISSUED.add(name)) {
                return name;
            }
        }
    }

    /**
     * The searchable pieces of a canary: first name, last name and tag. Redaction that masks only part of
     * a name leaks the rest, so leak checks should look for every fragment, not just the whole string.
     */
    public static List<String> fragments(String canary) {
        int space = canary.indexOf(' ');
        int dash = canary.lastIndexOf('-');
        if (space < 0 || dash < space) {
            throw new IllegalArgumentException("not a canary: " + canary);
        }
        return List.of(canary.substring(0, space), canary.substring(space + 1, dash), canary.substring(dash + 1));
    }

    /** The canary as an upload file name ({@code Zyxwa_Quorble-k7m2q9.pdf}), for checks on stored names. */
    public static String asFileName(String canary, String extension) {
        return canary.replace(' ', '_') + "." + extension.toLowerCase(Locale.ROOT);
    }

    private static String word(String[] ends) {
        String w = ONSETS[RANDOM.nextInt(ONSETS.length)] + MIDDLES[RANDOM.nextInt(MIDDLES.length)]
                + ends[RANDOM.nextInt(ends.length)];
        return w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String tag() {
        while (true) {
            StringBuilder sb = new StringBuilder(6);
            boolean letter = false;
            for (int i = 0; i < 6; i++) {
                char c = TAG_ALPHABET.charAt(RANDOM.nextInt(TAG_ALPHABET.length()));
                letter |= Character.isLetter(c);
                sb.append(c);
            }
            if (letter) {
                return sb.toString();
            }
        }
    }
}
