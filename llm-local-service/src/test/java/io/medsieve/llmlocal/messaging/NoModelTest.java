package io.medsieve.llmlocal.messaging;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.events.Route;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * With no model configured the stage does not pretend: readiness says so in words, and a LOCAL document gets one
 * StageFailed that sends it to human review, without a single proposal.
 */
@QuarkusTest
@TestProfile(NoModelTest.NoModel.class)
class NoModelTest {

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    /** The shipped default: no backend. */
    public static class NoModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medsieve.llm-local.backend", "none");
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
}
