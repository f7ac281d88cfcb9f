package io.medsieve.router.messaging;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Topics;
import io.medsieve.router.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The router stage's entry point: reads {@code DocumentRedacted}, routes it and emits {@code DocumentRouted}. The
 * input is acknowledged only after the broker acknowledged the output (at least once; the output's eventId is
 * derived from the input's, so a redelivery is de-duplicated downstream). Every document gets a decision, failing
 * closed to HUMAN_ONLY; only records that are not a readable {@code DocumentRedacted} fail and go to
 * {@code dlq-router}.
 */
@ApplicationScoped
public class DocumentRedactedConsumer {

    private final RoutingService routing;
    private final RoutedEvents events;

    public DocumentRedactedConsumer(RoutingService routing, RoutedEvents events) {
        this.routing = routing;
        this.events = events;
    }

    @Incoming(Topics.DOCUMENT_REDACTED)
    public Uni<Void> consume(byte[] record) {
        // Throws EventJson.InvalidEventException (a message without input bytes): the record goes to dlq-router.
        DocumentRedacted redacted = EventJson.read(record, DocumentRedacted.class);
        return routing.route(redacted).chain(events::publish);
    }
}
