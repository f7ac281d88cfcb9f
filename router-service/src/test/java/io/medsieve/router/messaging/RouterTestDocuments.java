package io.medsieve.router.messaging;

import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Intake;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Topics;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.KafkaBrokerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Plays the redaction stage for router tests: stores a redacted text the way redaction does (encrypted blob under
 * the purpose the router is configured to read) and publishes the {@code DocumentRedacted} that points at it.
 */
public final class RouterTestDocuments implements AutoCloseable {

    static final String MEDIA_TYPE = "text/plain; charset=utf-8";

    private final DocumentBlobs blobs;
    private final EventEnvelope envelope;
    private final String purpose;
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer());

    /** @param purpose the blob purpose the service reads the redacted text under (from its configuration) */
    public RouterTestDocuments(DocumentBlobs blobs, EventEnvelope envelope, String purpose) {
        this.blobs = blobs;
        this.envelope = envelope;
        this.purpose = purpose;
    }

    /** Stores the text and builds its event; send it with {@link #send}. */
    DocumentRedacted stored(String tenant, String text, Priority priority, boolean consent, boolean residualPhi,
                            double ocrConfidence, List<Integer> lowPages) {
        String documentId = UUID.randomUUID().toString();
        ContentRef ref = blobs.store(tenant, documentId, purpose, MEDIA_TYPE, text.getBytes(StandardCharsets.UTF_8));
        return new DocumentRedacted(
                EventHeader.first(DocumentRedacted.TYPE, DocumentRedacted.SCHEMA_VERSION, tenant, documentId, null,
                        new Producer("redaction-service", "test"), Instant.now()),
                ref, null,
                List.of(new DocumentRedacted.RedactedEntity("PERSON", 1, 0, 13, "[PERSON_3f9a]", 0.97, "test"),
                        new DocumentRedacted.RedactedEntity("PERSON", 1, 20, 33, "[PERSON_77c2]", 0.91, "test"),
                        new DocumentRedacted.RedactedEntity("DATE", 1, 40, 51, "[DATE_81c2]", 1.0, "test")),
                residualPhi, "redaction-test", new Intake(priority, Set.of(), consent), ocrConfidence, lowPages);
    }

    /** A routine psychiatric note (tier 3 by default), well read by OCR, without residual PHI. */
    public DocumentRedacted psychiatricNote(String tenant, boolean consent) {
        return stored(tenant, Samples.PSYCHIATRIC_NOTE, Priority.ROUTINE, consent, false, 92.0, List.of());
    }

    /** A routine explanation of benefits (tier 2 by default), well read by OCR, without residual PHI. */
    public DocumentRedacted claim(String tenant, boolean consent) {
        return stored(tenant, Samples.CLAIM, Priority.ROUTINE, consent, false, 92.0, List.of());
    }

    public DocumentRedacted send(DocumentRedacted redacted) throws Exception {
        SealedRecord sealed = envelope.seal(redacted);
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_REDACTED, null, sealed.key(), sealed.value(),
                sealed.headers())).get();
        return redacted;
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_REDACTED, key, value)).get();
    }

    /** Sends a record as given, e.g. a sealed record a test altered on its way. */
    void sendRaw(String key, byte[] value, Headers headers) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_REDACTED, null, key, value, headers)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
