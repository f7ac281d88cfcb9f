package io.medsieve.storage.crypto;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Objects;

/**
 * A Kafka record ready to send: the value (ciphertext for sealed event types, JSON otherwise), the record key (the
 * document id, so one document's events stay in order on one partition) and the headers that carry both the
 * standard MedSieve headers and the envelope's key id and wrapped data key.
 *
 * @param key     record key: the document id
 * @param value   record value
 * @param headers record headers; a fresh instance per record, so callers may add their own (e.g. tracing)
 */
public record SealedRecord(String key, byte[] value, RecordHeaders headers) {

    public SealedRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(headers, "headers");
    }

    /** Key and headers pre-filled; add a topic (an outbox relay sending to several topics) and build. */
    public OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadataBuilder() {
        return OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers);
    }

    /** The message an emitter of the record's own channel sends. */
    public Message<byte[]> message() {
        return Message.of(value).addMetadata(metadataBuilder().build());
    }
}
