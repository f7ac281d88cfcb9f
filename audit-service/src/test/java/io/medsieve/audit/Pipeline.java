package io.medsieve.audit;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Intake;
import io.medsieve.events.ExtractionMethod;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.ReviewDecision;
import io.medsieve.events.Route;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.PostgresResource;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.quarkus.arc.Arc;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Test driver: realistic pipeline events sent to the real broker, and direct superuser JDBC to look at (and
 * tamper with) the ledger behind the service's back.
 */
public final class Pipeline implements AutoCloseable {

    /** A synthetic patient name that must never reach the ledger. */
    public static final String CANARY = "Zelda Quixote-Canary";

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

    /** A document's journey through every stage; each event caused by the one before. */
    public static List<PipelineEvent> journey(String tenant, String documentId) {
        Instant now = Instant.now();
        Producer ingest = new Producer("ingest-service", "1.0.0");
        EventHeader h1 = EventHeader.first(DocumentIngested.TYPE, 1, tenant, documentId, null, ingest, now);
        var ingested = new DocumentIngested(h1, ContentRef.stored("application/pdf", 1234, "a".repeat(64),
                "blob:" + tenant + "/" + documentId + "/original"), 2, Priority.ROUTINE,
                Set.of(AnalysisTask.SUMMARY), false, true);
        EventHeader h2 = EventHeader.causedBy(h1, DocumentExtracted.TYPE, 1, null,
                new Producer("ocr-service", "1.1.0"), now.plusMillis(10));
        var extracted = new DocumentExtracted(h2, ingested.source(), ContentRef.inline("application/json",
                "{\"text\":\"Patient " + CANARY + " DOB 1970-01-01\"}", "b".repeat(64)),
                List.of(new DocumentExtracted.PageSummary(1, ExtractionMethod.TEXT_LAYER, 91.5, 0, 120)),
                91.5, List.of(), "tesseract-5.3/rules-7", Intake.of(ingested));
        EventHeader h3 = EventHeader.causedBy(h2, DocumentRedacted.TYPE, 1, null,
                new Producer("redaction-service", "2.0.0"), now.plusMillis(20));
        var redacted = new DocumentRedacted(h3, ContentRef.stored("text/plain", 500, "c".repeat(64),
                "blob:" + tenant + "/" + documentId + "/redacted"), null,
                List.of(new DocumentRedacted.RedactedEntity("PERSON", 1, 8, 28, "[PERSON_3f9a]", 0.98, "dictionary")),
                false, "redaction-rules-12", extracted.intake(), 91.5, List.of());
        EventHeader h4 = EventHeader.causedBy(h3, DocumentRouted.TYPE, 1, null,
                new Producer("router-service", "1.0.3"), now.plusMillis(30));
        var routed = new DocumentRouted(h4, "REFERRAL_LETTER", 0.93, 1, Route.LOCAL, true,
                List.of("tier 1 referral: local by default"), "default-policy", "4",
                ContentRef.stored("text/plain", 500, "c".repeat(64),
                        "blob:" + tenant + "/" + documentId + "/redacted"), redacted.intake());
        EventHeader h5 = EventHeader.causedBy(h4, AnalysisProposed.TYPE, 1, null,
                new Producer("llm-local-service", "0.9.0"), now.plusMillis(40));
        var proposed = new AnalysisProposed(h5, AnalysisTask.SUMMARY, ContentRef.stored("application/json", 90,
                "d".repeat(64), "blob:" + tenant + "/" + documentId + "/analysis"), Route.LOCAL, "llama.cpp",
                "llama-3.1-8b-instruct", "q4_k_m-5f1a", "summary", "3", "e".repeat(64), 1200, 800, 150,
                AnalysisProposed.Status.PROPOSED, null);
        EventHeader h6 = EventHeader.causedBy(h5, ReviewDecision.TYPE, 1, null,
                new Producer("review-ui", "1.0.0"), now.plusMillis(50));
        var decision = new ReviewDecision(h6, h5.eventId(), "reviewer-17", ReviewDecision.Decision.APPROVED, null);
        EventHeader h7 = EventHeader.causedBy(h6, StageFailed.TYPE, 1, null,
                new Producer("llm-cloud-service", "0.9.0"), now.plusMillis(60));
        var failed = new StageFailed(h7, Stage.LLM_CLOUD, "llm-cloud.skipped", "route is LOCAL", false, h4.eventId());
        return List.of(ingested, extracted, redacted, routed, proposed, decision, failed);
    }

    /** The topic each event type travels on. */
    public static String topicOf(PipelineEvent event) {
        return switch (event) {
            case DocumentIngested e -> Topics.DOCUMENT_INGESTED;
            case DocumentExtracted e -> Topics.DOCUMENT_EXTRACTED;
            case DocumentRedacted e -> Topics.DOCUMENT_REDACTED;
            case DocumentRouted e -> Topics.DOCUMENT_ROUTED;
            case AnalysisProposed e -> Topics.ANALYSIS_PROPOSED;
            case ReviewDecision e -> Topics.REVIEW_DECISIONS;
            case StageFailed e -> Topics.STAGE_FAILURES;
            default -> Topics.SECURITY_EVENTS;
        };
    }

    /**
     * Sends an event as a producing stage would (sealed by the service's own {@link EventEnvelope}, i.e. the same
     * keyring); returns the exact bytes sent.
     */
    public byte[] send(PipelineEvent event) throws Exception {
        SealedRecord sealed = Arc.container().instance(EventEnvelope.class).get().seal(event);
        producer.send(new ProducerRecord<>(topicOf(event), null, sealed.key(), sealed.value(), sealed.headers()))
                .get();
        return sealed.value();
    }

    /** Sends raw bytes with headers. */
    /** Sends an already sealed record as it is, e.g. one retained on the broker from before an erasure. */
    public void send(String topic, SealedRecord record) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers())).get();
    }

    public void send(String topic, String key, byte[] value, Map<String, String> headers) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    /** Waits until every event id is in the ledger. */
    public static void awaitEntries(List<String> eventIds) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> countEntries(eventIds) == eventIds.size());
    }

    public static long countEntries(List<String> eventIds) throws SQLException {
        try (Connection db = superuser(); var query = db.prepareStatement(
                "select count(*) from ledger_entry where event_id = any(?)")) {
            query.setArray(1, db.createArrayOf("varchar", eventIds.toArray()));
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public static List<String> ids(List<PipelineEvent> events) {
        List<String> ids = new ArrayList<>();
        events.forEach(event -> ids.add(event.header().eventId()));
        return ids;
    }

    /** JDBC as the embedded server's superuser (the schema owner): what an attacker with DB access has. */
    public static Connection superuser() throws SQLException {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }

    /** JDBC as the service's runtime login: what a compromised service (or an injection in it) has. */
    public static Connection runtimeLogin() throws SQLException {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), AuditPostgresResource.APP_USER,
                AuditPostgresResource.APP_PASSWORD);
    }

    public static String tenant(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    public static String documentId() {
        return UUID.randomUUID().toString();
    }

    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Override
    public void close() {
        producer.close();
    }
}
