package io.medsieve.ingest.service;

import java.util.UUID;

/**
 * Outcome of an accepted upload.
 *
 * @param duplicate true when the tenant had already uploaded the same bytes; no new event was emitted
 */
public record IngestResult(UUID documentId, boolean duplicate) {
}
