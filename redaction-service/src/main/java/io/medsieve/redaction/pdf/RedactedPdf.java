package io.medsieve.redaction.pdf;

/**
 * A flattened, redacted PDF: one image per page and nothing else (see {@link PdfRedactor}).
 *
 * @param bytes     the PDF file
 * @param pageCount number of pages, the same as the original's
 */
public record RedactedPdf(byte[] bytes, int pageCount) {

    /** Size and pages only: nothing else about a document belongs in a log. */
    @Override
    public String toString() {
        return "RedactedPdf[" + bytes.length + " bytes, " + pageCount + " pages]";
    }
}
