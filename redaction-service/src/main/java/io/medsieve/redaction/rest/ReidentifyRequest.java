package io.medsieve.redaction.rest;

/**
 * Body of {@code POST /v1/documents/{documentId}/reidentify}.
 *
 * @param text text containing the document's placeholders, e.g. an analysis of the redacted text
 */
public record ReidentifyRequest(String text) {

    /** No text in {@code toString}. */
    @Override
    public String toString() {
        return "ReidentifyRequest[" + (text == null ? "no text" : text.length() + " chars") + "]";
    }
}
