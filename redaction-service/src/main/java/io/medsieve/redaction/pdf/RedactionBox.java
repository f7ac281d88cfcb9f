package io.medsieve.redaction.pdf;

/**
 * A rectangle to black out, in PDF points with the origin at the page's top-left, as in the OCR extraction. The
 * extraction's word boxes can be passed as they are: {@link PdfRedactor} converts them to pixels of the page it
 * renders and adds its own padding.
 *
 * @param page   1-based page number
 * @param x      left edge in points from the left of the upright page
 * @param y      top edge in points from the top of the upright page (y grows downwards)
 * @param width  width in points
 * @param height height in points
 */
public record RedactionBox(int page, double x, double y, double width, double height) {
}
