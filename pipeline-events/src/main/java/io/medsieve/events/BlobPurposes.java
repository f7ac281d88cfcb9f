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

    private BlobPurposes() {
    }
}
