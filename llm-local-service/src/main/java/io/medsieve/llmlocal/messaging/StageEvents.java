package io.medsieve.llmlocal.messaging;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;

/**
 * Publishes the stage's output events keyed by document id with the standard MedSieve headers, and returns only once
 * the broker acknowledged them (acks=all): the input is acknowledged, and the analysis marked done, only afterwards.
 */
@ApplicationScoped
public class StageEvents {

    private static final Duration BROKER_ACK = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> proposed;
    private final MutinyEmitter<byte[]> failures;

    public StageEvents(@Channel(Topics.ANALYSIS_PROPOSED) MutinyEmitter<byte[]> proposed,
                       @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures) {
        this.proposed = proposed;
        this.failures = failures;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void publish(PipelineEvent event) {
        MutinyEmitter<byte[]> emitter = event instanceof AnalysisProposed ? proposed : failures;
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.of(event.header().eventId(), event.header().eventType(), event.header().tenantId())
                .forEach(headers::add);
        emitter.sendMessage(Message.of(EventJson.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.header().documentId())
                        .withHeaders(headers)
                        .build()))
                .await().atMost(BROKER_ACK);
    }
}
