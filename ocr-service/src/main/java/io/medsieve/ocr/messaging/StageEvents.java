package io.medsieve.ocr.messaging;

import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;


/**
 * Publishes the stage's output events, keyed by document id with the standard MedSieve headers. The returned Uni
 * completes when the broker acknowledged the record (acks=all), which is what lets the consumer ack its input only
 * afterwards.
 */
@ApplicationScoped
public class StageEvents {

    private final MutinyEmitter<byte[]> extracted;
    private final MutinyEmitter<byte[]> failures;

    public StageEvents(@Channel(Topics.DOCUMENT_EXTRACTED) MutinyEmitter<byte[]> extracted,
                       @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures) {
        this.extracted = extracted;
        this.failures = failures;
    }

    public Uni<Void> publish(PipelineEvent event) {
        MutinyEmitter<byte[]> emitter = event instanceof DocumentExtracted ? extracted : failures;
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
