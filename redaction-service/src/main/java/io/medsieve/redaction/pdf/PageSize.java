package io.medsieve.redaction.pdf;

/**
 * A page's size in points as the extraction reported it (1-based page). It is what ties the extraction's boxes to
 * the pixels of the stored original: an image's point size depends on the DPI the OCR stage assumed for it, so the
 * redactor scales boxes by the ratio of pixels to these points rather than guessing the DPI again.
 *
 * <p>The OCR stage turns a page it finds sideways or upside down upright before reading it, and its boxes refer to
 * the upright page; the redactor turns the original page the same way, so the redacted page is upright too.
 *
 * @param page            1-based page number
 * @param width           upright page width in points
 * @param height          upright page height in points
 * @param rotationDegrees how far the original page was turned (clockwise, 0/90/180/270), as the extraction reported
 */
public record PageSize(int page, double width, double height, int rotationDegrees) {

    public PageSize {
        if (Math.floorMod(rotationDegrees, 90) != 0) {
            throw new IllegalArgumentException("rotationDegrees must be a multiple of 90");
        }
        rotationDegrees = Math.floorMod(rotationDegrees, 360);
    }

    /** A page the OCR stage read as it was (no rotation). */
    public PageSize(int page, double width, double height) {
        this(page, width, height, 0);
    }

    boolean sideways() {
        return rotationDegrees % 180 == 90;
    }
}
