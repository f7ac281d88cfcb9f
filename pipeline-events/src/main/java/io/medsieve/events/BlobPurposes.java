package io.medsieve.events;

/**
 * What a stored blob holds. The purpose is part of each blob's key and of its encryption's associated data, so a
 * producer and its consumers must name it identically: a blob read under another purpose fails to decrypt.
 */
public final class BlobPurposes {

    /** The uploaded document as stored by ingest (metadata removed). */
    public static final String ORIGINAL = "original";
    /** The OCR stage's extraction JSON: pages, words, boxes, confidences. */
    public static final String EXTRACTION = "extraction";
    /** The redaction stage's redacted text: pages joined by form feeds, UTF-8, placeholders instead of PHI. */
    public static final String REDACTED_TEXT = "redacted-text";
    /** The redaction stage's flattened PDF with the PHI masked. */
    public static final String REDACTED_PDF = "redacted-pdf";

    private BlobPurposes() {
    }
}
