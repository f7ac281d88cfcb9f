package io.medsieve.llmcloud.messaging;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Intake;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Route;
import io.medsieve.events.Topics;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.KafkaBrokerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds and sends routed documents the way the router does: redacted text stored, its claim-check on the event. */
final class RoutedDocuments implements AutoCloseable {

    static final String REDACTED_TEXT = "redacted-text";
    static final String CLEAN_TEXT = "Referral for [PERSON_3f9a] dated [DATE_91c2]. Type 2 diabetes mellitus,"
            + " HbA1c 7.2 %.\fMetformin 500 mg by mouth twice daily. Follow up in 3 months.";

    private final DocumentBlobs blobs;
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer());

    private final EventEnvelope envelope;

    RoutedDocuments(DocumentBlobs blobs, EventEnvelope envelope) {
        this.blobs = blobs;
        this.envelope = envelope;
    }

    /** Stores {@code redactedText} under the redacted-text purpose and sends a DocumentRouted pointing at it. */
    DocumentRouted send(String tenant, Route route, Set<AnalysisTask> tasks, String redactedText) throws Exception {
        String documentId = UUID.randomUUID().toString();
        ContentRef payload = blobs.store(tenant, documentId, REDACTED_TEXT, "text/plain; charset=utf-8",
                redactedText.getBytes(StandardCharsets.UTF_8));
        return send(tenant, documentId, route, tasks, payload);
    }

    /** Sends a DocumentRouted with the given claim-check, whatever it points at. */
    DocumentRouted send(String tenant, String documentId, Route route, Set<AnalysisTask> tasks, ContentRef payload)
            throws Exception {
        return send(routed(tenant, documentId, route, tasks, payload, true));
    }

    /** Stores {@code redactedText} and builds (without sending) a DocumentRouted pointing at it. */
    DocumentRouted routed(String tenant, Route route, Set<AnalysisTask> tasks, String redactedText,
                          boolean cloudConsent) {
        String documentId = UUID.randomUUID().toString();
        ContentRef payload = blobs.store(tenant, documentId, REDACTED_TEXT, "text/plain; charset=utf-8",
                redactedText.getBytes(StandardCharsets.UTF_8));
        return routed(tenant, documentId, route, tasks, payload, cloudConsent);
    }

    /** Sends the event sealed, as the router does. */
    DocumentRouted send(DocumentRouted routed) throws Exception {
        publish(Topics.DOCUMENT_ROUTED, routed);
        return routed;
    }

    /** Sends any event to any topic, sealed and keyed by its document id, as the upstream stage would. */
    void publish(String topic, PipelineEvent event) throws Exception {
        SealedRecord sealed = envelope.seal(event);
        producer.send(new ProducerRecord<>(topic, null, sealed.key(), sealed.value(), sealed.headers())).get();
    }

    private static DocumentRouted routed(String tenant, String documentId, Route route, Set<AnalysisTask> tasks,
                                         ContentRef payload, boolean cloudConsent) {
        return new DocumentRouted(
                EventHeader.first(DocumentRouted.TYPE, DocumentRouted.SCHEMA_VERSION, tenant, documentId, null,
                        new Producer("router-service", "test"), Instant.now()),
                "REFERRAL_LETTER", 0.93, 1, route, false, List.of("tier 1 document, tenant allows cloud"),
                "policy-1", "1", payload, new Intake(Priority.ROUTINE, tasks, cloudConsent));
    }

    @Override
    public void close() {
        producer.close();
    }
}
