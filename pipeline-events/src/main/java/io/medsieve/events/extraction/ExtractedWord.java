package io.medsieve.events.extraction;

/**
 * One word as found on the page.
 *
 * @param text       the word
 * @param box        where it is, in page points (see {@link BoundingBox})
 * @param confidence 0..100; 100 for words from a PDF text layer
 */
public record ExtractedWord(String text, BoundingBox box, double confidence) {
}
