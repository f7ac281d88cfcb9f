package io.medsieve.bench.ocr;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The scoring rules of {@code /work/shared/ocr-bench/ocr_eval.py}, ported: NFKC, whitespace collapsed; with
 * {@code fold}, lower case and punctuation replaced by spaces. CER is edit distance over the reference length;
 * bag-of-words recall and precision count the multiset intersection of words.
 */
record OcrScore(int referenceChars, int charEdits, double recallHits, int referenceWords, int hypothesisWords) {

    private static final Pattern PUNCTUATION = Pattern.compile("[^\\w\\s]", Pattern.UNICODE_CHARACTER_CLASS);

    static OcrScore of(String reference, String hypothesis, boolean fold) {
        String r = normalise(reference, fold);
        String h = normalise(hypothesis, fold);
        List<String> rw = words(r);
        List<String> hw = words(h);
        Map<String, Integer> counts = new HashMap<>();
        rw.forEach(w -> counts.merge(w, 1, Integer::sum));
        int hits = 0;
        for (String w : hw) {
            Integer left = counts.get(w);
            if (left != null && left > 0) {
                counts.put(w, left - 1);
                hits++;
            }
        }
        return new OcrScore(r.length(), levenshtein(r, h), hits, rw.size(), hw.size());
    }

    /** Sums scores over pages, so CER and bag-of-words figures are micro-averaged over a set. */
    OcrScore plus(OcrScore other) {
        return new OcrScore(referenceChars + other.referenceChars, charEdits + other.charEdits,
                recallHits + other.recallHits, referenceWords + other.referenceWords,
                hypothesisWords + other.hypothesisWords);
    }

    static OcrScore zero() {
        return new OcrScore(0, 0, 0, 0, 0);
    }

    double cer() {
        return (double) charEdits / Math.max(1, referenceChars);
    }

    double recall() {
        return referenceWords == 0 ? 0 : recallHits / referenceWords;
    }

    double precision() {
        return hypothesisWords == 0 ? 0 : recallHits / hypothesisWords;
    }

    static String normalise(String s, boolean fold) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        if (fold) {
            n = PUNCTUATION.matcher(n.toLowerCase(java.util.Locale.ROOT)).replaceAll(" ");
        }
        return String.join(" ", words(n));
    }

    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        for (String w : s.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
