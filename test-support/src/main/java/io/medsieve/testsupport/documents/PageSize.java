package io.medsieve.testsupport.documents;

/**
 * Physical page size in PDF points (1/72 inch), shared by the PDF and raster renderers so that a
 * "scanned" page at N dpi has exactly the pixel size a real scanner would produce for that paper.
 *
 * @param name      short label used in file names and messages
 * @param widthPt   width in points
 * @param heightPt  height in points
 * @param marginPt  blank border kept on every side; small cards need a smaller one than letters
 */
public record PageSize(String name, float widthPt, float heightPt, float marginPt) {

    /** ISO A4, what European referral letters and most scanners default to. */
    public static final PageSize A4 = new PageSize("A4", 595.2756f, 841.8898f, 72f);

    /** US Letter, so US-style fake documents (phone numbers, addresses) look plausible. */
    public static final PageSize LETTER = new PageSize("Letter", 612f, 792f, 72f);

    /** ISO/IEC 7810 ID-1 (credit-card size), the shape of an insurance card photo or scan. */
    public static final PageSize ID1_CARD = new PageSize("ID-1", 242.65f, 153.0f, 12f);

    public PageSize {
        if (widthPt <= 2 * marginPt || heightPt <= 2 * marginPt) {
            throw new IllegalArgumentException("margins leave no room on " + name);
        }
    }

    public float contentWidthPt() {
        return widthPt - 2 * marginPt;
    }

    public float contentHeightPt() {
        return heightPt - 2 * marginPt;
    }

    /** Pixel width of this page scanned at {@code dpi}, rounded like scanner drivers do. */
    public int widthPx(int dpi) {
        return Math.round(widthPt * dpi / 72f);
    }

    public int heightPx(int dpi) {
        return Math.round(heightPt * dpi / 72f);
    }
}
