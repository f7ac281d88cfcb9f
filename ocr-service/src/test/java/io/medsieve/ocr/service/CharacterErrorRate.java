package io.medsieve.ocr.service;

import io.medsieve.testsupport.documents.Fixture;

/**
 * Character error rate of OCR output against ground truth: edit distance over the truth's length, both sides
 * whitespace-normalised like {@link Fixture#normalizeWhitespace} (layout line breaks are not errors).
 */
record CharacterErrorRate(String truth, String hypothesis) {

    double value() {
        String expected = Fixture.normalizeWhitespace(truth);
        String actual = Fixture.normalizeWhitespace(hypothesis);
        int[] previous = new int[actual.length() + 1];
        int[] current = new int[actual.length() + 1];
        for (int j = 0; j <= actual.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= expected.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= actual.length(); j++) {
                int substitution = previous[j - 1] + (expected.charAt(i - 1) == actual.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return (double) previous[actual.length()] / Math.max(1, expected.length());
    }
}
