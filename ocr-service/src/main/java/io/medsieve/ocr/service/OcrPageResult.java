package io.medsieve.ocr.service;

import io.medsieve.events.extraction.ExtractedWord;

import java.util.List;

/**
 * What Tesseract read on one prepared page image, boxes already converted to page points.
 *
 * @param text           page text in Tesseract's reading order
 * @param words          words with boxes and confidences
 * @param meanConfidence mean word confidence, 0 when no word was found
 */
public record OcrPageResult(String text, List<ExtractedWord> words, double meanConfidence) {

    public OcrPageResult {
        words = List.copyOf(words);
    }
}
