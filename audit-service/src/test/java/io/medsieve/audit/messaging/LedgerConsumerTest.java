package io.medsieve.audit.messaging;

import io.medsieve.audit.Pipeline;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real events on the real broker end up in the ledger once each, as digests and PHI-free projections. */
@QuarkusTest
class LedgerConsumerTest {

    private static Pipeline pipeline;

    @BeforeAll
    static void connect() {
        pipeline = new Pipeline();
    }

    @AfterAll
    static void disconnect() {
        pipeline.close();
    }

    @Test
    void everyStageIsRecordedExactlyOnceWithDigestsAndNoPhi() throws Exception {
        String tenant = Pipeline.tenant("journey");
        String documentId = Pipeline.documentId();
        List<PipelineEvent> journey = Pipeline.journey(tenant, documentId);
        Map<String, byte[]> sent = new HashMap<>();
        for (PipelineEvent event : journey) {
            sent.put(event.header().eventId(), pipeline.send(event));
        }
        pipeline.send(journey.getFirst()); // at-least-once redelivery
        pipeline.send(journey.get(3));
        Pipeline.awaitEntries(Pipeline.ids(journey));

        try (Connection db = Pipeline.superuser(); var query = db.prepareStatement("""
                select event_id, tenant_id, entry_type, source_topic, body_digest, projection
                  from ledger_entry where document_id = ? order by sequence""")) {
            query.setString(1, documentId);
            List<String> types = new ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString("entry_type"));
                    assertThat(rows.getString("tenant_id")).isEqualTo(tenant);
                    assertThat(rows.getString("body_digest"))
                            .isEqualTo(Pipeline.sha256(sent.get(rows.getString("event_id"))));
                    String projection = rows.getString("projection");
                    assertThat(projection).doesNotContain(Pipeline.CANARY).doesNotContain("[PERSON_3f9a]")
                            .doesNotContain("DOB");
                    switch (rows.getString("entry_type")) {
                        case "AnalysisProposed" -> assertThat(projection)
                                .contains("\"modelId\":\"llama-3.1-8b-instruct\"")
                                .contains("\"promptTemplateVersion\":\"3\"")
                                .contains("\"producerVersion\":\"0.9.0\"");
                        case "DocumentRouted" -> assertThat(projection).contains("\"route\":\"LOCAL\"")
                                .contains("\"policyVersion\":\"4\"").contains("tier 1 referral");
                        case "DocumentRedacted" -> assertThat(projection)
                                .contains("\"redactionVersion\":\"redaction-rules-12\"")
                                .contains("\"entityCounts\":{\"PERSON\":1}");
                        case "ReviewDecision" -> assertThat(projection).contains("\"decision\":\"APPROVED\"");
                        default -> {
                        }
                    }
                }
            }
            // Each topic is ordered; across topics the ledger records arrival order, which Kafka does not fix.
            assertThat(types).containsExactlyInAnyOrder("DocumentIngested", "DocumentExtracted", "DocumentRedacted",
                    "DocumentRouted", "AnalysisProposed", "ReviewDecision", "StageFailed");
        }
    }

    @Test
    void deadLettersAreRecordedByDigestWithAnUntrustedReasonTruncated() throws Exception {
        String tenant = Pipeline.tenant("dlq");
        String documentId = Pipeline.documentId();
        byte[] payload = ("{\"broken\": \"" + Pipeline.CANARY + "\"").getBytes(StandardCharsets.UTF_8);
        String reason = "x".repeat(500) + Pipeline.CANARY;
        pipeline.send(Topics.deadLetter(Stage.OCR), documentId, payload, Map.of(
                KafkaHeaders.TENANT, tenant,
                KafkaHeaders.EVENT_ID, "9b2f6c1e-0000-4000-8000-000000000001",
                "dead-letter-reason", reason,
                "dead-letter-topic", Topics.DOCUMENT_INGESTED));

        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> rowFor(tenant) != null);
        Map<String, String> row = rowFor(tenant);
        assertThat(row.get("entry_type")).isEqualTo("DeadLetter");
        assertThat(row.get("document_id")).isEqualTo(documentId);
        assertThat(row.get("source_topic")).isEqualTo("dlq-ocr");
        assertThat(row.get("body_digest")).isEqualTo(Pipeline.sha256(payload));
        assertThat(row.get("projection")).doesNotContain(Pipeline.CANARY).doesNotContain("broken")
                .contains("\"headerEventId\":\"9b2f6c1e-0000-4000-8000-000000000001\"")
                .contains("\"originalTopic\":\"document-ingested\"");
        assertThat(row.get("projection").length()).isLessThan(600);
    }

    @Test
    void unreadableRecordsOnPipelineTopicsAreRecordedAsInvalidEvents() throws Exception {
        String tenant = Pipeline.tenant("invalid");
        byte[] payload = ("not json " + Pipeline.CANARY).getBytes(StandardCharsets.UTF_8);
        pipeline.send(Topics.DOCUMENT_EXTRACTED, Pipeline.documentId(), payload, Map.of(KafkaHeaders.TENANT, tenant));

        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> rowFor(tenant) != null);
        Map<String, String> row = rowFor(tenant);
        assertThat(row.get("entry_type")).isEqualTo("InvalidEvent");
        assertThat(row.get("body_digest")).isEqualTo(Pipeline.sha256(payload));
        assertThat(row.get("projection")).doesNotContain(Pipeline.CANARY);
    }

    private static Map<String, String> rowFor(String tenant) throws Exception {
        try (Connection db = Pipeline.superuser(); var query = db.prepareStatement(
                "select * from ledger_entry where tenant_id = ?")) {
            query.setString(1, tenant);
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Map<String, String> row = new HashMap<>();
                for (String column : List.of("entry_type", "document_id", "source_topic", "body_digest",
                        "projection")) {
                    row.put(column, rows.getString(column));
                }
                return row;
            }
        }
    }
}
