package io.medsieve.audit.domain;

import java.time.Instant;

/**
 * What the ledger appends for one received record, before it gets a sequence number and hashes.
 *
 * @param eventId     idempotency key: the event's own id, or a deterministic id for dead letters and invalid records
 * @param tenantId    owning tenant ({@value #UNKNOWN_TENANT} when a dead letter names none)
 * @param documentId  the document, or null
 * @param entryType   event type or a ledger-specific type
 * @param sourceTopic topic the record came from, or {@code api}
 * @param occurredAt  when it happened
 * @param bodyDigest  hex SHA-256 of the exact bytes received
 * @param projection  PHI-free JSON projection
 */
public record EntryCandidate(String eventId, String tenantId, String documentId, String entryType,
                             String sourceTopic, Instant occurredAt, String bodyDigest, String projection) {

    /** Tenant of records that do not name a valid one. */
    public static final String UNKNOWN_TENANT = "unknown";
}
