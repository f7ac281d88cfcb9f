package io.medsieve.router.messaging;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.Topics;
import io.medsieve.router.service.RoutingService;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The router stage's entry point: opens the sealed {@code DocumentRedacted}, routes it and emits
 * {@code DocumentRouted}. The input is acknowledged only after the broker acknowledged the output (at least once;
 * the output's eventId is derived from the input's, so a redelivery is de-duplicated downstream). Every document
 * gets a decision, failing closed to HUMAN_ONLY; only records that are not a readable {@code DocumentRedacted} fail
 * and go to {@code dlq-router}. A record whose envelope does not open (tampered, moved to another tenant, key
 * shredded) is first reported as a {@code SecurityEvent}.
 */
@ApplicationScoped
public class DocumentRedactedConsumer {

    private final RoutingService routing;
    private final RoutedEvents events;
    private final EventEnvelope envelope;

    public DocumentRedactedConsumer(RoutingService routing, RoutedEvents events, EventEnvelope envelope) {
        this.routing = routing;
        this.events = events;
        this.envelope = envelope;
    }

    @Incoming(Topics.DOCUMENT_REDACTED)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        DocumentRedacted redacted;
        try {
            // Throws EventJson.InvalidEventException for bytes that are no event: the record goes to dlq-router.
            redacted = envelope.open(record, DocumentRedacted.class);
        } catch (EnvelopeRejectedException e) {
            return events.rejected(record, e).chain(() -> Uni.createFrom().failure(e));
        }
        // The consumer span of this record: the decision is published in the document's trace (OneTracePerDocumentIT).
        Context trace = Context.current();
        return routing.route(redacted).chain(routed -> events.publish(routed, trace));
    }
}
