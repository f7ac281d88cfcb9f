package io.medsieve.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every pipeline event carries. It holds identifiers and provenance only, never document
 * content, so it can be logged, traced and written to the audit ledger as it is.
 *
 * @param eventId       unique per event; consumers de-duplicate on it (delivery is at least once)
 * @param eventType     the record's simple name, e.g. {@code DocumentIngested}
 * @param schemaVersion version of the event's JSON Schema under {@code schemas/}
 * @param tenantId      owning tenant; every event has one
 * @param documentId    the document the event is about
 * @param correlationId shared by all events of one document's journey through the pipeline
 * @param causationId   eventId of the event this one reacts to, or null for the first event
 * @param traceparent   W3C trace context of the producing span, or null
 * @param occurredAt    when the producer observed the fact
 * @param producer      emitting service and version
 */
public record EventHeader(
        String eventId,
        String eventType,
        int schemaVersion,
        String tenantId,
        String documentId,
        String correlationId,
        String causationId,
        String traceparent,
        Instant occurredAt,
        Producer producer) {

    public EventHeader {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(producer, "producer");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1");
        }
    }

    /** Header for the first event of a document's journey: it starts a new correlation. */
    public static EventHeader first(String eventType, int schemaVersion, String tenantId, String documentId,
                                    String traceparent, Producer producer, Instant now) {
        return new EventHeader(UUID.randomUUID().toString(), eventType, schemaVersion, tenantId, documentId,
                documentId, null, traceparent, now, producer);
    }

    /**
     * Header for an event caused by {@code cause}: same tenant, document and correlation. The eventId is derived
     * from the cause's eventId and the new event's type, so a stage that processes a redelivered input emits an
     * event with the same id, which every consumer de-duplicates.
     */
    public static EventHeader causedBy(EventHeader cause, String eventType, int schemaVersion,
                                       String traceparent, Producer producer, Instant now) {
        return causedBy(cause, eventType, "", schemaVersion, traceparent, producer, now);
    }

    /**
     * As {@link #causedBy(EventHeader, String, int, String, Producer, Instant)}, for a stage that emits several
     * events of one type per input (one analysis per task, say): {@code discriminator} tells them apart.
     */
    public static EventHeader causedBy(EventHeader cause, String eventType, String discriminator, int schemaVersion,
                                       String traceparent, Producer producer, Instant now) {
        String name = cause.eventId() + "/" + eventType + "/" + discriminator;
        String eventId = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new EventHeader(eventId, eventType, schemaVersion, cause.tenantId(), cause.documentId(),
                cause.correlationId(), cause.eventId(), traceparent, now, producer);
    }
}
