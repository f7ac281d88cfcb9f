package io.medsieve.testsupport.documents;

import java.util.Objects;

/**
 * How {@link DocumentFixtures#digitalPdf(java.util.List, PdfOptions)} lays out and labels a PDF.
 *
 * <p>Defaults are deliberately bare (no Info dictionary, no XMP) so that a fixture only carries metadata
 * when a test asks for it and can therefore reason about where a leaked value came from.
 *
 * @param pageSize  paper size
 * @param fontSize  body font size in points; headings are 1.3x this
 * @param metadata  Info dictionary entries, or {@code null} for none
 * @param xmp       whether to also embed an XMP packet carrying {@code metadata}; ignored without metadata
 */
public record PdfOptions(PageSize pageSize, float fontSize, DocumentMetadata metadata, boolean xmp) {

    public PdfOptions {
        Objects.requireNonNull(pageSize, "pageSize");
        if (fontSize < 4 || fontSize > 72) {
            throw new IllegalArgumentException("fontSize out of range: " + fontSize);
        }
    }

    public static PdfOptions defaults() {
        return new PdfOptions(PageSize.A4, 11f, null, false);
    }

    public PdfOptions withPageSize(PageSize size) {
        return new PdfOptions(size, fontSize, metadata, xmp);
    }

    public PdfOptions withFontSize(float size) {
        return new PdfOptions(pageSize, size, metadata, xmp);
    }

    /** Info dictionary only; combine with {@link #withXmp()} to also write an XMP packet. */
    public PdfOptions withMetadata(DocumentMetadata info) {
        return new PdfOptions(pageSize, fontSize, info, xmp);
    }

    public PdfOptions withXmp() {
        return new PdfOptions(pageSize, fontSize, metadata, true);
    }
}
