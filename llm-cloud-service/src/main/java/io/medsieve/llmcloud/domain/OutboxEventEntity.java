package io.medsieve.llmcloud.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The {@code outbox_event} row (Hibernate Reactive): an event decided in a transaction, published afterwards. */
@Entity
@Table(name = "outbox_event")
public class OutboxEventEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public byte[] payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** W3C traceparent of the document's trace, or null when the event was decided with tracing off. */
    @Column(name = "traceparent")
    public String traceParent;

    /** The value the publisher handles. */
    public OutboxEvent toEvent() {
        return new OutboxEvent(eventId, topic, recordKey, eventType, tenantId, payload, traceParent);
    }
}
