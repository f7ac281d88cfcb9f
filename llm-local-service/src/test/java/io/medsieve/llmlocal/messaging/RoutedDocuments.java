package io.medsieve.llmlocal.messaging;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Intake;
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
 * Builds and sends routed documents the way the router does: redacted text stored, its claim-check on the event, the
 * event sealed by the service's own {@link EventEnvelope} (injected by the test, so both share one keyring).
 */
final class RoutedDocuments implements AutoCloseable {

    static final String CLEAN_TEXT = "Referral for [PERSON_3f9a] dated [DATE_91c2]. Type 2 diabetes mellitus,"
            + " HbA1c 7.2 %.\fMetformin 500 mg by mouth twice daily. Follow up in 3 months.";

    private final DocumentBlobs blobs;
    private final EventEnvelope envelope;
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer());

    RoutedDocuments(DocumentBlobs blobs, EventEnvelope envelope) {
        this.blobs = blobs;
        this.envelope = envelope;
    }

    /** Stores {@code redactedText} under the redacted-text purpose; the event for it, not yet sent. */
    DocumentRouted routed(String tenant, Route route, Set<AnalysisTask> tasks, String redactedText) {
        String documentId = UUID.randomUUID().toString();
        ContentRef payload = blobs.store(tenant, documentId, BlobPurposes.REDACTED_TEXT, "text/plain; charset=utf-8",
                redactedText.getBytes(StandardCharsets.UTF_8));
        return routed(tenant, documentId, route, tasks, payload);
    }

    /** A DocumentRouted with the given claim-check, whatever it points at. */
    DocumentRouted routed(String tenant, String documentId, Route route, Set<AnalysisTask> tasks, ContentRef payload) {
        return new DocumentRouted(
                EventHeader.first(DocumentRouted.TYPE, DocumentRouted.SCHEMA_VERSION, tenant, documentId, null,
                        new Producer("router-service", "test"), Instant.now()),
                "REFERRAL_LETTER", 0.93, 2, route, false, List.of("tier 2 document, tenant keeps it on-prem"),
                "policy-1", "1", payload, new Intake(Priority.ROUTINE, tasks, false));
    }

    /** The reasons a router gives when redaction left identifiers in a tier 3 document (PolicyEngine's wording). */
    static final List<String> HUMAN_ONLY_REASONS = List.of(
            "phi.residual: Redaction's final check still found identifiers, so the text may not leave the premises",
            "tier 3 document: the tenant policy allows human review only");

    /** A HUMAN_ONLY decision the way the router fails closed: residual PHI, tier 3, review required. */
    DocumentRouted humanOnly(String tenant, Set<AnalysisTask> tasks, String redactedText) {
        DocumentRouted local = routed(tenant, Route.LOCAL, tasks, redactedText);
        return new DocumentRouted(local.header(), "DISCHARGE_SUMMARY", 0.88, 3, Route.HUMAN_ONLY, true,
                HUMAN_ONLY_REASONS, "policy-1", "1", local.payload(), local.intake());
    }

    DocumentRouted send(DocumentRouted routed) throws Exception {
        SealedRecord sealed = envelope.seal(routed);
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_ROUTED, null, sealed.key(), sealed.value(),
                sealed.headers())).get();
        return routed;
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_ROUTED, key, value)).get();
    }

    /** Sends exactly these bytes and headers, e.g. a sealed record altered on the way. */
    void sendRaw(String key, byte[] value, Headers headers) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_ROUTED, null, key, value, headers)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
