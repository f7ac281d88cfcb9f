package io.medsieve.llmlocal.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.events.Route;
import io.medsieve.events.Sha256;
import io.medsieve.llmlocal.service.ReviewPackets;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * With no model configured the stage does not pretend: readiness says so in words, and a LOCAL document gets one
 * StageFailed that sends it to human review, without a single proposal. Review packets need no model: with them
 * switched on, a HUMAN_ONLY document still gets its packet (sealed, schema-valid, free of document text), exactly once
 * however often it is delivered.
 */
@QuarkusTest
@TestProfile(NoModelTest.NoModel.class)
class NoModelTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TENANT = "tenant-local";

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    /** The shipped default (no backend), with review packets switched on. */
    public static class NoModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medsieve.llm-local.backend", "none",
                    "medsieve.llm-local.review-packets.enabled", "true");
        }
    }

    @Test
    void readinessSaysNoModelIsConfigured() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("llm-local-model"))
                .body("checks.find { it.name == 'llm-local-model' }.data.state", equalTo("NOT_CONFIGURED"))
                .body("checks.find { it.name == 'llm-local-model' }.data.status",
                        containsString("no model configured"));
    }

    @Test
    void aLocalDocumentGoesToHumanReviewWithoutAnyProposal() throws Exception {
        try (RoutedDocuments documents = new RoutedDocuments(blobs, envelope);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.send(documents.routed("tenant-local", Route.LOCAL,
                    EnumSet.of(AnalysisTask.SUMMARY, AnalysisTask.EXTRACTION), RoutedDocuments.CLEAN_TEXT));
            String documentId = routed.header().documentId();

            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()),
                    Duration.ofSeconds(60));

            assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION, record.value()))
                    .isEmpty();
            StageFailed failed = EventJson.read(record.value(), StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.LLM_LOCAL);
            assertThat(failed.reasonCode()).isEqualTo("llm-local.no-model");
            assertThat(failed.reason()).contains("No local model is configured").contains("human review");
            assertThat(failed.retryable()).isFalse();
            assertThat(out.drainFor(Duration.ofSeconds(1))).noneMatch(r -> documentId.equals(r.key()));
        }
    }

    @Test
    void aHumanOnlyDocumentGetsOneReviewPacketWithoutAModelAndWithoutItsText() throws Exception {
        String canary = Canary.newName();
        try (LogCapture logs = LogCapture.start();
             RoutedDocuments documents = new RoutedDocuments(blobs, envelope);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.humanOnly(TENANT, EnumSet.of(AnalysisTask.SUMMARY,
                    AnalysisTask.EXTRACTION), RoutedDocuments.CLEAN_TEXT);
            String documentId = routed.header().documentId();
            // The original with the canary is in the store too; the packet must not reach for it.
            blobs.store(TENANT, documentId, "original", "text/plain",
                    ("Discharge summary for " + canary).getBytes(StandardCharsets.UTF_8));
            documents.send(routed);

            List<ConsumerRecord<String, byte[]>> records = List.of(
                    out.awaitRecord(r -> documentId.equals(r.key()), WAIT),
                    out.awaitRecord(r -> documentId.equals(r.key()), WAIT));

            List<AnalysisProposed> packets = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
                assertThat(KafkaTestConsumer.header(record, EventEnvelope.ENCRYPTION)).isEqualTo(EventEnvelope.SCHEME);
                AnalysisProposed packet = envelope.open(record, AnalysisProposed.class);
                assertThat(EventSchemaValidator.violations(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION,
                        EventJson.write(packet))).isEmpty();
                assertThat(packet.header().causationId()).isEqualTo(routed.header().eventId());
                assertThat(packet.header().eventId()).isEqualTo(UUID.nameUUIDFromBytes((routed.header().eventId()
                        + "/AnalysisProposed/REVIEW_PACKET/" + packet.task().name())
                        .getBytes(StandardCharsets.UTF_8)).toString());
                assertThat(packet.status()).isEqualTo(AnalysisProposed.Status.REVIEW_PACKET);
                assertThat(packet.route()).isEqualTo(Route.HUMAN_ONLY);
                assertThat(packet.provider()).isNull();
                assertThat(packet.modelId()).isNull();
                assertThat(packet.modelVersion()).isNull();
                assertThat(packet.promptTemplateId()).isNull();
                assertThat(packet.inputDigest()).isNull();
                assertThat(packet.inputTokens()).isZero();
                assertThat(packet.outputTokens()).isZero();
                assertThat(packet.latencyMillis()).isZero();
                assertThat(packet.cloudCall()).isNull();
                packets.add(packet);
            }
            assertThat(packets).extracting(AnalysisProposed::task)
                    .containsExactlyInAnyOrder(AnalysisTask.SUMMARY, AnalysisTask.EXTRACTION);
            assertThat(packets.get(0).output()).isEqualTo(packets.get(1).output());

            byte[] stored = blobs.load(TENANT, documentId, "review-packet", packets.get(0).output());
            String text = new String(stored, StandardCharsets.UTF_8);
            JsonNode packet = new ObjectMapper().readTree(stored);
            assertThat(packetSchema().validate(packet)).isEmpty();
            assertThat(packets.get(0).output().mediaType()).isEqualTo("application/json");
            assertThat(packet.path("documentId").asText()).isEqualTo(documentId);
            assertThat(packet.path("routedEventId").asText()).isEqualTo(routed.header().eventId());
            assertThat(packet.path("route").asText()).isEqualTo("HUMAN_ONLY");
            assertThat(packet.path("routeReasons")).extracting(JsonNode::asText)
                    .containsExactlyElementsOf(RoutedDocuments.HUMAN_ONLY_REASONS);
            assertThat(packet.path("documentClass").asText()).isEqualTo("DISCHARGE_SUMMARY");
            assertThat(packet.path("classConfidence").asDouble()).isEqualTo(0.88);
            assertThat(packet.path("tier").asInt()).isEqualTo(3);
            assertThat(packet.path("residualPhiDetected").asBoolean()).isTrue();
            String[] pages = RoutedDocuments.CLEAN_TEXT.split("\f", -1);
            assertThat(packet.at("/redactedText/pageCount").asInt()).isEqualTo(2);
            assertThat(packet.at("/redactedText/pageCharacters")).extracting(JsonNode::asInt)
                    .containsExactly(pages[0].length(), pages[1].length());
            assertThat(packet.at("/redactedText/sha256").asText())
                    .isEqualTo(Sha256.hex(RoutedDocuments.CLEAN_TEXT.getBytes(StandardCharsets.UTF_8)));
            assertThat(packet.path("requestedTasks")).extracting(JsonNode::asText)
                    .containsExactly("SUMMARY", "EXTRACTION");
            assertThat(packet.path("promptTemplates")).extracting(t -> t.path("task").asText() + "="
                    + t.path("id").asText() + "@" + t.path("version").asText())
                    .containsExactly("SUMMARY=medsieve.summary@1", "EXTRACTION=medsieve.extraction@"
                            + PromptCatalog.standard().template(AnalysisTask.EXTRACTION).version());
            assertThat(packet.path("modelCalls").asInt()).isZero();
            assertThat(packet.path("note").asText()).contains("No model ran");
            // Counts and a digest only: neither the redacted text, its placeholders, nor the original's PHI.
            assertThat(text).doesNotContain("Metformin", "diabetes", "[PERSON_3f9a]", "[DATE_91c2]");
            for (String fragment : Canary.fragments(canary)) {
                assertThat(text).doesNotContain(fragment);
            }

            // Redelivered (as after a lost commit), then a later LOCAL event of the same document whose outcome
            // (no model: StageFailed) marks when the redelivery was handled.
            documents.send(routed);
            DocumentRouted later = documents.send(documents.routed(TENANT, documentId, Route.LOCAL,
                    Set.of(AnalysisTask.SUMMARY), routed.payload()));
            out.awaitRecord(r -> documentId.equals(r.key()) && r.topic().equals(Topics.STAGE_FAILURES)
                    && EventJson.read(r.value(), StageFailed.class).failedEventId().equals(later.header().eventId()),
                    WAIT);
            assertThat(out.drainFor(Duration.ofSeconds(1)))
                    .noneMatch(r -> documentId.equals(r.key()) && r.topic().equals(Topics.ANALYSIS_PROPOSED));

            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
            logs.assertNoneContains("Metformin", "diabetes", "[PERSON_3f9a]");
        }
    }

    private static JsonSchema packetSchema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(NoModelTest.class.getClassLoader().getResourceAsStream(ReviewPackets.SCHEMA));
    }
}
