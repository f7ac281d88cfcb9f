package io.medsieve.router.messaging;

import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes routing decisions keyed by document id with the standard MedSieve headers. The Uni completes when the
 * broker acknowledged the record (acks=all), so the consumer acks its input only afterwards.
 */
@ApplicationScoped
public class RoutedEvents {

    private final MutinyEmitter<byte[]> routed;

    public RoutedEvents(@Channel(Topics.DOCUMENT_ROUTED) MutinyEmitter<byte[]> routed) {
        this.routed = routed;
    }

    public Uni<Void> publish(DocumentRouted event) {
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.of(event.header().eventId(), event.header().eventType(), event.header().tenantId())
                .forEach(headers::add);
        return routed.sendMessage(Message.of(EventJson.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.header().documentId())
                        .withHeaders(headers)
                        .build()));
    }
}
