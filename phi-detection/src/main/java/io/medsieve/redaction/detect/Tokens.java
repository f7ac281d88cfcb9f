package io.medsieve.redaction.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of one text, found in a single pass, with their upper-case form (possessive "'s" removed) and the
 * case style of the whole text.
 *
 * <p>Why the case style: in mixed-case prose a capital letter is evidence for a name; in ALL-CAPS nursing notes and
 * OCR output, or all-lower-case notes, it carries no information and the detectors must rely on context and lists.
 */
final class Tokens {

    /** How the text is cased overall. */
    enum CaseStyle { UPPER, LOWER, MIXED }

    /** One word: bounds in the text, upper-case form, and whether it starts with a capital. */
    record Token(int start, int end, String upper, boolean capitalised) {
    }

    final List<Token> list;
    final CaseStyle style;

    private Tokens(List<Token> list, CaseStyle style) {
        this.list = list;
        this.style = style;
    }

    static Tokens of(String text) {
        List<Token> out = new ArrayList<>(text.length() / 5 + 4);
        int upper = 0;
        int lower = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!isLetter(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n) {
                char d = text.charAt(i);
                if (isLetter(d)) {
                    if (Character.isUpperCase(d)) {
                        upper++;
                    } else {
                        lower++;
                    }
                    i++;
                } else if ((d == '\'' || d == '-') && i + 1 < n && isLetter(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            int end = i;
            String word = text.substring(start, end);
            String up = word.toUpperCase(Locale.ROOT);
            if (up.endsWith("'S")) {
                up = up.substring(0, up.length() - 2);
            }
            out.add(new Token(start, end, up, Character.isUpperCase(c)));
        }
        CaseStyle style;
        int letters = upper + lower;
        if (letters == 0 || upper >= letters * 0.8) {
            style = CaseStyle.UPPER;
        } else if (upper <= letters * 0.03) {
            style = CaseStyle.LOWER;
        } else {
            style = CaseStyle.MIXED;
        }
        return new Tokens(out, style);
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c > 127 && Character.isLetter(c));
    }
}
