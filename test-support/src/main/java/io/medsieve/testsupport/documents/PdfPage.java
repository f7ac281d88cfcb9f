package io.medsieve.testsupport.documents;

import java.util.Objects;

/**
 * One page of a {@link DocumentFixtures#mixedPdf(java.util.List, int) mixed PDF}: either a real text
 * layer or an image of the text. Real charts mix both (a typed cover letter stapled to faxed results),
 * and OCR routing has to decide per page, so tests need to say which page is which.
 *
 * @param text    the page text, with {@code "# "} lines as headings
 * @param scanned {@code true} for an image-only page, {@code false} for a text-layer page
 */
public record PdfPage(String text, boolean scanned) {

    public PdfPage {
        Objects.requireNonNull(text, "text");
    }

    public static PdfPage digital(String text) {
        return new PdfPage(text, false);
    }

    public static PdfPage scanned(String text) {
        return new PdfPage(text, true);
    }
}
