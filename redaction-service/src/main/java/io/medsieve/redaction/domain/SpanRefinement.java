package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;

import java.util.ArrayList;
import java.util.List;

/**
 * What the stage does to the engine's spans before replacing them, so a replacement never leaves part of an
 * identifier behind and one name gets one placeholder.
 *
 * <ol>
 *   <li>Whole words: a span that starts or ends inside a word is widened to the word's edges. A word here is a run
 *       of letters and digits, joined by inner hyphens or apostrophes ("O'Neil", "Smith-Jones", "Quibblewick-k7m2q9"):
 *       masking "Quibblewick-k" and leaving "7m2q9" would leak the rest.</li>
 *   <li>One name, one placeholder: {@code NAME} spans separated only by spaces or tabs on one line ("Zora" and
 *       "Quibblewick") are joined, so the full name maps to one placeholder that re-identifies to the full name.</li>
 *   <li>Overlaps created by widening are merged; the merged span keeps the type and detector of its most confident
 *       part, as the engine's own merge does.</li>
 * </ol>
 */
public final class SpanRefinement {

    private SpanRefinement() {
    }

    /** Refined spans of {@code text}: sorted, non-overlapping. */
    public static List<PhiSpan> refine(String text, List<PhiSpan> spans) {
        List<PhiSpan> widened = new ArrayList<>(spans.size());
        for (PhiSpan span : spans) {
            int start = span.start();
            int end = span.end();
            while (start > 0 && joinsWord(text, start - 1, -1)) {
                start--;
            }
            while (end < text.length() && joinsWord(text, end, +1)) {
                end++;
            }
            widened.add(new PhiSpan(start, end, span.type(), span.confidence(), span.detector()));
        }
        widened.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : Integer.compare(b.end(), a.end()));
        List<PhiSpan> out = new ArrayList<>(widened.size());
        for (PhiSpan span : widened) {
            PhiSpan last = out.isEmpty() ? null : out.getLast();
            if (last != null && (span.start() < last.end() || namesOnOneLine(text, last, span))) {
                PhiSpan best = span.confidence() > last.confidence() ? span : last;
                out.set(out.size() - 1, new PhiSpan(last.start(), Math.max(last.end(), span.end()), best.type(),
                        best.confidence(), best.detector()));
            } else {
                out.add(span);
            }
        }
        return out;
    }

    /**
     * Whether the char at {@code at} belongs to the word on its {@code -direction} side: a letter or digit, or an
     * inner hyphen/apostrophe with a letter or digit beyond it.
     */
    private static boolean joinsWord(String text, int at, int direction) {
        char c = text.charAt(at);
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        if (c == '-' || c == '\'' || c == '\u2019') {
            int beyond = at + direction;
            return beyond >= 0 && beyond < text.length() && Character.isLetterOrDigit(text.charAt(beyond));
        }
        return false;
    }

    private static boolean namesOnOneLine(String text, PhiSpan left, PhiSpan right) {
        if (left.type() != PhiType.NAME || right.type() != PhiType.NAME) {
            return false;
        }
        for (int i = left.end(); i < right.start(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
