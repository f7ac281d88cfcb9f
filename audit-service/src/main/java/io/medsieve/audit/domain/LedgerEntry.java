package io.medsieve.audit.domain;

import io.medsieve.audit.verify.EntryData;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One row of the append-only ledger. Read-only for the application: rows are written by a native INSERT (so a
 * redelivered event is a no-op) and the database rejects every UPDATE and DELETE.
 */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    public long sequence;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "document_id")
    public String documentId;

    @Column(name = "entry_type", nullable = false)
    public String entryType;

    @Column(name = "source_topic", nullable = false)
    public String sourceTopic;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "body_digest", nullable = false)
    public String bodyDigest;

    @Column(nullable = false, columnDefinition = "text")
    public String projection;

    @Column(name = "previous_hash", nullable = false)
    public String previousHash;

    @Column(name = "entry_hash", nullable = false)
    public String entryHash;

    /** The hashed fields, as the verifier sees them. */
    public EntryData toData() {
        return new EntryData(sequence, eventId, tenantId, documentId, entryType, sourceTopic, occurredAt, recordedAt,
                bodyDigest, projection, previousHash, entryHash);
    }
}
