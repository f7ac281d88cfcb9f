package io.medsieve.redaction.pdf;

/**
 * Redaction or its verification could not be done for a reason the stage can act on: an unreadable or unsupported
 * original, page sizes that do not fit it, a page over the pixel limit, an OCR failure. The message is the reason
 * code and a fixed sentence; it never contains document content, and the library exception that caused it (whose
 * message might quote the document) is deliberately not chained.
 */
public final class PdfRedactionException extends RuntimeException {

    private final String reasonCode;

    PdfRedactionException(String reasonCode, String reason) {
        super(reasonCode + ": " + reason, null, false, false);
        this.reasonCode = reasonCode;
    }

    /**
     * A stable, machine-readable code such as {@code redaction.pdf.unreadable-document}, for StageFailed events and
     * metrics.
     */
    public String reasonCode() {
        return reasonCode;
    }
}
