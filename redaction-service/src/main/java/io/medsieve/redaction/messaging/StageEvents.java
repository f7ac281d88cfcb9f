package io.medsieve.redaction.messaging;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

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

    public StageEvents(@Channel(Topics.DOCUMENT_REDACTED) MutinyEmitter<byte[]> redacted,
                       @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures,
                       @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security) {
        this.redacted = redacted;
        this.failures = failures;
        this.security = security;
    }

    public Uni<Void> publish(PipelineEvent event) {
        MutinyEmitter<byte[]> emitter = switch (event) {
            case DocumentRedacted ignored -> redacted;
            case SecurityEvent ignored -> security;
            default -> failures;
        };
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.of(event.header().eventId(), event.header().eventType(), event.header().tenantId())
                .forEach(headers::add);
        return emitter.sendMessage(Message.of(EventJson.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.header().documentId())
                        .withHeaders(headers)
                        .build()));
    }
}
