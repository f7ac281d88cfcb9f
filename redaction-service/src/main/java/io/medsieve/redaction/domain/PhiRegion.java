package io.medsieve.redaction.domain;

/**
 * Where a redacted value was in the extraction's page text, and what it was: what the redacted PDF must black out
 * and its re-OCR must no longer read. Lives only in memory while one document is processed.
 *
 * @param page  1-based page number
 * @param type  Safe Harbor type name, e.g. {@code NAME}
 * @param value the original value
 * @param start start offset in the extraction's page text (inclusive)
 * @param end   end offset (exclusive)
 */
public record PhiRegion(int page, String type, String value, int start, int end) {

    /** No value in {@code toString}. */
    @Override
    public String toString() {
        return "PhiRegion[page=" + page + ", type=" + type + ", " + start + ".." + end + "]";
    }
}
