package io.medsieve.llmlocal.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Route;
import io.medsieve.events.Topics;
import io.medsieve.llmlocal.LocalServerStubResource;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The OpenAI-compatible backend chosen by configuration, end to end over Kafka with the server stubbed (the one
 * stand-in allowed): a cited extraction is proposed with the invented item dropped, and the guard's count shows in
 * the output and in the metrics. With review packets on, a HUMAN_ONLY document gets its packet and the server, though
 * configured and up, receives no request for it.
 */
@QuarkusTest
@TestProfile(ServerBackendPipelineTest.ServerBackend.class)
class ServerBackendPipelineTest {

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    /** The OpenAI-compatible backend against the stub. */
    public static class ServerBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medsieve.llm-local.backend", "openai-compatible",
                    "medsieve.llm-local.generation.max-output-tokens", "512",
                    "medsieve.llm-local.review-packets.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServerStubResource.class));
        }
    }

    @Test
    void aCitedExtractionIsProposedAndTheItemItsCitationDoesNotSupportIsDroppedAndCounted() throws Exception {
        String text = RoutedDocuments.CLEAN_TEXT;
        String page2 = text.substring(text.indexOf('\f') + 1);
        int at = page2.indexOf("Metformin");
        String evidence = "{\\\"page\\\":2,\\\"start\\\":" + at + ",\\\"end\\\":" + (at + 9) + "}";
        String answer = "{\\\"medications\\\":[{\\\"name\\\":\\\"Metformin\\\",\\\"dose\\\":\\\"500 mg\\\","
                + "\\\"evidence\\\":" + evidence + "},{\\\"name\\\":\\\"Warfarin\\\",\\\"evidence\\\":" + evidence
                + "}],\\\"diagnoses\\\":[],\\\"labs\\\":[],\\\"allergies\\\":[],\\\"followUps\\\":[]}";
        WireMock stub = LocalServerStubResource.client();
        stub.register(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-local-1","object":"chat.completion","created":1700000000,"model":"llama3.1:8b",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":2100,"completion_tokens":80,"total_tokens":2180}}
                """.formatted(answer))));

        try (LogCapture logs = LogCapture.start();
             RoutedDocuments documents = new RoutedDocuments(blobs, envelope);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.send(documents.routed("tenant-local", Route.LOCAL,
                    Set.of(AnalysisTask.EXTRACTION), text));
            String documentId = routed.header().documentId();

            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()),
                    Duration.ofSeconds(60));

            assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
            AnalysisProposed proposed = envelope.open(record, AnalysisProposed.class);
            assertThat(EventSchemaValidator.violations(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION,
                    EventJson.write(proposed))).isEmpty();
            assertThat(proposed.provider()).isEqualTo("openai-compatible");
            assertThat(proposed.modelId()).isEqualTo("llama3.1:8b");
            assertThat(proposed.promptTemplateId()).isEqualTo("medsieve.extraction");
            assertThat(proposed.inputTokens()).isEqualTo(2100);
            assertThat(proposed.outputTokens()).isEqualTo(80);
            assertThat(proposed.output().mediaType()).isEqualTo("application/json");
            JsonNode output = new ObjectMapper().readTree(blobs.load("tenant-local", documentId,
                    "analysis-output.extraction", proposed.output()));
            assertThat(output.path("result").path("medications")).hasSize(1);
            assertThat(output.path("result").path("medications").get(0).path("name").asText()).isEqualTo("Metformin");
            assertThat(output.path("citationCheck").path("itemsChecked").asInt()).isEqualTo(2);
            assertThat(output.path("citationCheck").path("itemsFailed").asInt()).isEqualTo(1);

            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("medsieve_llm_local_citations_failed_total{task=\"EXTRACTION\"} 1.0"));
            logs.assertNoneContains("Metformin", "Warfarin", "diabetes");
        }
    }

    @Test
    void aHumanOnlyDocumentGetsAReviewPacketAndTheConfiguredServerIsNeverCalled() throws Exception {
        WireMock stub = LocalServerStubResource.client();
        int callsBefore = stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size();
        try (RoutedDocuments documents = new RoutedDocuments(blobs, envelope);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.send(documents.humanOnly("tenant-local",
                    Set.of(AnalysisTask.EXTRACTION, AnalysisTask.CODING), RoutedDocuments.CLEAN_TEXT));
            String documentId = routed.header().documentId();

            List<ConsumerRecord<String, byte[]>> records = List.of(
                    out.awaitRecord(r -> documentId.equals(r.key()), Duration.ofSeconds(60)),
                    out.awaitRecord(r -> documentId.equals(r.key()), Duration.ofSeconds(60)));

            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
                AnalysisProposed packet = envelope.open(record, AnalysisProposed.class);
                assertThat(EventSchemaValidator.violations(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION,
                        EventJson.write(packet))).isEmpty();
                assertThat(packet.status()).isEqualTo(AnalysisProposed.Status.REVIEW_PACKET);
                assertThat(packet.modelId()).isNull();
                assertThat(packet.inputTokens()).isZero();
            }
            assertThat(records).extracting(r -> envelope.open(r, AnalysisProposed.class).task())
                    .containsExactlyInAnyOrder(AnalysisTask.EXTRACTION, AnalysisTask.CODING);
            assertThat(out.drainFor(Duration.ofSeconds(1))).noneMatch(r -> documentId.equals(r.key()));
        }
        assertThat(stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(callsBefore);
    }
}
