package io.medsieve.ingest.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import io.medsieve.events.Stage;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * Latest known state of one document in one stage, projected from pipeline events. Applying an event twice, or
 * an older event after a newer one, leaves it unchanged, which makes the projection safe under redelivery.
 */
@Entity
@Table(name = "document_stage_status")
public class StageStatus {

    @EmbeddedId
    public Key key;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StageState state;

    /** Short, PHI-free detail: a route, a failure reason code. */
    public String detail;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** Document and stage. */
    @Embeddable
    public record Key(@Column(name = "document_id") UUID documentId,
                      @Enumerated(EnumType.STRING) @Column(name = "stage") Stage stage) implements Serializable {
    }
}
