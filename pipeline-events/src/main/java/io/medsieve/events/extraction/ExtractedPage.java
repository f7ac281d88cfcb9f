package io.medsieve.events.extraction;

import io.medsieve.events.ExtractionMethod;

import java.util.List;

/**
 * Everything extracted from one page.
 *
 * @param page            1-based page number
 * @param method          PDF text layer or OCR
 * @param width           page width in points, upright (after rotation correction)
 * @param height          page height in points, upright
 * @param text            page text in reading order, lines separated by newlines
 * @param words           words with boxes and confidences, in reading order
 * @param meanConfidence  mean word confidence 0..100 (100 for a text layer, 0 when no word was found)
 * @param rotationDegrees clockwise rotation the page had and that was undone before OCR (0, 90, 180, 270)
 * @param skewDegrees     small skew that was straightened before OCR (boxes refer to the straightened page)
 * @param dpi             resolution OCR ran at, 0 for a text layer
 * @param lowConfidence   whether {@code meanConfidence} is below the configured threshold
 */
public record ExtractedPage(int page, ExtractionMethod method, double width, double height, String text,
                            List<ExtractedWord> words, double meanConfidence, int rotationDegrees,
                            double skewDegrees, int dpi, boolean lowConfidence) {

    public ExtractedPage {
        words = List.copyOf(words);
    }
}
