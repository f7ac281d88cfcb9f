package io.medsieve.testsupport.documents;

import java.util.Objects;

/**
 * How text is rasterised into a "scanned" page image.
 *
 * <p>The degradations (skew, speckle noise, bitonal thresholding) are knobs rather than fixed presets
 * because OCR tests need to dial difficulty up step by step; every random choice is driven by
 * {@code seed} so a failing OCR assertion reproduces exactly.
 *
 * @param dpi         scan resolution; also written into the image's DPI metadata
 * @param pageSize    paper size, which together with {@code dpi} fixes the pixel size
 * @param fontPoints  body font size in points at that paper size (12pt is typical typed text)
 * @param fontFamily  a Java logical font ("Serif", "SansSerif", "Monospaced"), which every JDK maps to an
 *                    installed font, so rendering works on a headless Debian JDK without extra fonts
 * @param bitonal     threshold to 1-bit black/white like a fax or a document-feeder scan
 * @param skewDegrees rotate the content (not the canvas) clockwise by this many degrees
 * @param noise       fraction of pixels (0..0.05) flipped to black speckles, like dust on the glass
 * @param seed        seed for the noise
 */
public record RasterOptions(int dpi, PageSize pageSize, float fontPoints, String fontFamily, boolean bitonal,
        double skewDegrees, double noise, long seed) {

    public RasterOptions {
        Objects.requireNonNull(pageSize, "pageSize");
        Objects.requireNonNull(fontFamily, "fontFamily");
        if (dpi < 50 || dpi > 1200) {
            throw new IllegalArgumentException("dpi out of range: " + dpi);
        }
        if (noise < 0 || noise > 0.05) {
            throw new IllegalArgumentException("noise out of range: " + noise);
        }
    }

    /** Clean greyscale A4 scan at {@code dpi} with 12pt serif text: the easy case for OCR. */
    public static RasterOptions of(int dpi) {
        return new RasterOptions(dpi, PageSize.A4, 12f, "Serif", false, 0, 0, 42L);
    }

    public RasterOptions withPageSize(PageSize size) {
        return new RasterOptions(dpi, size, fontPoints, fontFamily, bitonal, skewDegrees, noise, seed);
    }

    public RasterOptions withFont(String family, float points) {
        return new RasterOptions(dpi, pageSize, points, family, bitonal, skewDegrees, noise, seed);
    }

    public RasterOptions withBitonal(boolean bw) {
        return new RasterOptions(dpi, pageSize, fontPoints, fontFamily, bw, skewDegrees, noise, seed);
    }

    public RasterOptions withSkew(double degrees) {
        return new RasterOptions(dpi, pageSize, fontPoints, fontFamily, bitonal, degrees, noise, seed);
    }

    public RasterOptions withNoise(double fraction, long noiseSeed) {
        return new RasterOptions(dpi, pageSize, fontPoints, fontFamily, bitonal, skewDegrees, fraction, noiseSeed);
    }
}
