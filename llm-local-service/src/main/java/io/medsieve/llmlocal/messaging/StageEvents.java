package io.medsieve.llmlocal.messaging;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.time.Instant;

/**
 * Publishes the stage's output events keyed by document id with the standard MedSieve headers, sealed by the
 * {@link EventEnvelope} where the event type requires it (AnalysisProposed carries model output; StageFailed stays
 * in clear), and reports records the stage could not open on {@code security-events}. Each call returns only once
 * the broker acknowledged the record (acks=all): the input is acknowledged, and the analysis marked done, only
 * afterwards.
 */
@ApplicationScoped
public class StageEvents {

    private static final Duration BROKER_ACK = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> proposed;
    private final MutinyEmitter<byte[]> failures;
    private final MutinyEmitter<byte[]> security;
    private final EventEnvelope envelope;
    private final Producer producer;

    public StageEvents(@Channel(Topics.ANALYSIS_PROPOSED) MutinyEmitter<byte[]> proposed,
                       @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures,
                       @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security, EventEnvelope envelope,
                       @ConfigProperty(name = "quarkus.application.name") String service,
                       @ConfigProperty(name = "quarkus.application.version") String version) {
        this.proposed = proposed;
        this.failures = failures;
        this.security = security;
        this.envelope = envelope;
        this.producer = new Producer(service, version);
    }

    /** Seals (if the type requires it), sends and waits for the broker's acknowledgement. */
    public void publish(PipelineEvent event) {
        MutinyEmitter<byte[]> emitter = event instanceof AnalysisProposed ? proposed : failures;
        emitter.sendMessage(envelope.seal(event).message()).await().atMost(BROKER_ACK);
    }

    /**
     * The audit-visible report of a record that failed to open, built from its clear headers only; the caller then
     * fails the record so the channel dead-letters it. Waits for the broker so the report is never lost.
     */
    public void rejected(ConsumerRecord<String, byte[]> record, EnvelopeRejectedException rejection) {
        security.sendMessage(envelope.seal(
                        EventEnvelope.rejection(record, rejection, Stage.LLM_LOCAL, producer, Instant.now())).message())
                .await().atMost(BROKER_ACK);
    }
}
