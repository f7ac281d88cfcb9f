package io.medsieve.redaction.pdf;

/**
 * A page's size in points as the extraction reported it (1-based page). It is what ties the extraction's boxes to
 * the pixels of the stored original: an image's point size depends on the DPI the OCR stage assumed for it, so the
 * redactor scales boxes by the ratio of pixels to these points rather than guessing the DPI again.
 *
 * @param page   1-based page number
 * @param width  upright page width in points
 * @param height upright page height in points
 */
public record PageSize(int page, double width, double height) {
}
