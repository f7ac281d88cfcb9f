package io.medsieve.ocr.messaging;

import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Instant;


/**
 * Publishes the stage's output events, keyed by document id with the standard MedSieve headers and sealed by the
 * {@link EventEnvelope} where the event type requires it, and reports records the stage could not open on
 * {@code security-events}. The returned Uni
 * completes when the broker acknowledged the record (acks=all), which is what lets the consumer ack its input only
 * afterwards.
 */
@ApplicationScoped
public class StageEvents {

    private final MutinyEmitter<byte[]> extracted;
    private final MutinyEmitter<byte[]> failures;
    private final MutinyEmitter<byte[]> security;
    private final EventEnvelope envelope;
    private final Producer producer;

    public StageEvents(@Channel(Topics.DOCUMENT_EXTRACTED) MutinyEmitter<byte[]> extracted,
                       @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures,
                       @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security, EventEnvelope envelope,
                       @ConfigProperty(name = "quarkus.application.name") String service,
                       @ConfigProperty(name = "quarkus.application.version") String version) {
        this.extracted = extracted;
        this.failures = failures;
        this.security = security;
        this.envelope = envelope;
        this.producer = new Producer(service, version);
    }

    public Uni<Void> publish(PipelineEvent event) {
        MutinyEmitter<byte[]> emitter = event instanceof DocumentExtracted ? extracted : failures;
        return emitter.sendMessage(envelope.seal(event).message());
    }

    /** The audit-visible report of a record that failed to open; the caller then dead-letters the record. */
    public Uni<Void> rejected(ConsumerRecord<String, byte[]> record, EnvelopeRejectedException rejection) {
        return security.sendMessage(envelope.seal(
                EventEnvelope.rejection(record, rejection, Stage.OCR, producer, Instant.now())).message());
    }
}
