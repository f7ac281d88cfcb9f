package io.medsieve.ingest.rest;

/**
 * Answer to an upload.
 *
 * @param duplicate true when this tenant already uploaded the same bytes; {@code documentId} is the earlier one
 * @param statusUrl where to follow the document through the pipeline
 */
public record IngestResponse(String documentId, boolean duplicate, String statusUrl) {
}
