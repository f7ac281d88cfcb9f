package io.medsieve.redaction.messaging;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.SecurityEvent;
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
 * Publishes the stage's events, keyed by document id with the standard MedSieve headers: {@code DocumentRedacted}
 * and {@code StageFailed} from the consumer, {@code SecurityEvent} from re-identification. The returned Uni
 * completes when the broker acknowledged the record (acks=all): the consumer acks its input only afterwards, and
 * re-identification answers only once its security event is safely recorded.
 */
@ApplicationScoped
public class StageEvents {

    private final MutinyEmitter<byte[]> redacted;
    private final MutinyEmitter<byte[]> failures;
    private final MutinyEmitter<byte[]> security;
    private final EventEnvelope envelope;
    private final Producer producer;

    public StageEvents(@Channel(Topics.DOCUMENT_REDACTED) MutinyEmitter<byte[]> redacted,
                       @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures,
                       @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security, EventEnvelope envelope,
                       @ConfigProperty(name = "quarkus.application.name") String service,
                       @ConfigProperty(name = "quarkus.application.version") String version) {
        this.redacted = redacted;
        this.failures = failures;
        this.security = security;
        this.envelope = envelope;
        this.producer = new Producer(service, version);
    }

    public Uni<Void> publish(PipelineEvent event) {
        MutinyEmitter<byte[]> emitter = switch (event) {
            case DocumentRedacted ignored -> redacted;
            case SecurityEvent ignored -> security;
            default -> failures;
        };
        return emitter.sendMessage(envelope.seal(event).message());
    }

    /** The audit-visible report of a record that failed to open; the caller then dead-letters the record. */
    public Uni<Void> rejected(ConsumerRecord<String, byte[]> record, EnvelopeRejectedException rejection) {
        return publish(EventEnvelope.rejection(record, rejection, Stage.REDACTION, producer, Instant.now()));
    }
}
