package io.medsieve.redaction.rest;

import java.util.List;

/**
 * Answer of {@code POST /v1/documents/{documentId}/reidentify}.
 *
 * @param text                the text with the document's placeholders replaced by the original values
 * @param replaced            how many placeholder occurrences were replaced
 * @param unknownPlaceholders distinct placeholders in the text that this document does not have
 */
public record ReidentifyResponse(String text, int replaced, List<String> unknownPlaceholders) {

    /** No text in {@code toString}: it holds PHI. */
    @Override
    public String toString() {
        return "ReidentifyResponse[replaced=" + replaced + ", unknown=" + unknownPlaceholders.size() + "]";
    }
}
