package io.medsieve.events.extraction;

/**
 * A rectangle on a page in PDF points (1/72 inch), origin at the top-left corner of the upright page, y growing
 * downwards. One unit for every source (PDF text layer, rendered PDF page, scanned image) so the redaction
 * service can draw masks without knowing how the text was obtained.
 */
public record BoundingBox(double x, double y, double width, double height) {

    /** Converts a pixel rectangle of an image scanned or rendered at {@code dpi}. */
    public static BoundingBox fromPixels(int left, int top, int right, int bottom, double dpi) {
        double scale = 72.0 / dpi;
        return new BoundingBox(round(left * scale), round(top * scale), round((right - left) * scale),
                round((bottom - top) * scale));
    }

    /** Two decimals (1/3600 inch) are far below a pixel and keep the JSON small. */
    public static double round(double points) {
        return Math.round(points * 100.0) / 100.0;
    }
}
