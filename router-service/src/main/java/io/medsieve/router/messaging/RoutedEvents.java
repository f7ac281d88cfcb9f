package io.medsieve.router.messaging;

import io.medsieve.events.DocumentRouted;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Instant;

/**
 * Publishes routing decisions keyed by document id, sealed by the {@link EventEnvelope} (a routed event can carry
 * the text the model may read), and reports records the stage could not open on {@code security-events}. The Uni
 * completes when the broker acknowledged the record (acks=all), so the consumer acks its input only afterwards.
 */
@ApplicationScoped
public class RoutedEvents {

    private final MutinyEmitter<byte[]> routed;
    private final MutinyEmitter<byte[]> security;
    private final EventEnvelope envelope;
    private final Producer producer;

    public RoutedEvents(@Channel(Topics.DOCUMENT_ROUTED) MutinyEmitter<byte[]> routed,
                        @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security, EventEnvelope envelope,
                        @ConfigProperty(name = "quarkus.application.name") String service,
                        @ConfigProperty(name = "quarkus.application.version") String version) {
        this.routed = routed;
        this.security = security;
        this.envelope = envelope;
        this.producer = new Producer(service, version);
    }

    /**
     * Publishes in {@code trace}, the context its document-redacted record arrived in: routing hops to the classifier
     * pool and the database, where the current context is not the document's, so it is passed explicitly.
     */
    public Uni<Void> publish(DocumentRouted event, Context trace) {
        return routed.sendMessage(envelope.seal(event).message().addMetadata(TracingMetadata.withCurrent(trace)));
    }

    /** The audit-visible report of a record that failed to open; the caller then dead-letters the record. */
    public Uni<Void> rejected(ConsumerRecord<String, byte[]> record, EnvelopeRejectedException rejection) {
        return security.sendMessage(envelope.seal(
                EventEnvelope.rejection(record, rejection, Stage.ROUTER, producer, Instant.now())).message());
    }
}
