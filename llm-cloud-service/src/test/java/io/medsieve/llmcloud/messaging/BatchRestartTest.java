package io.medsieve.llmcloud.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Route;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.ProviderStubResource;
import io.medsieve.llmcloud.config.CloudConfig;
import io.medsieve.llmcloud.guard.EgressGuard;
import io.medsieve.llmcloud.provider.ProviderRegistry;
import io.medsieve.llmcloud.repository.CloudRepository;
import io.medsieve.llmcloud.service.Dispatcher;
import io.medsieve.llmcloud.service.Pricing;
import io.medsieve.llmcloud.service.RateLimiter;
import io.medsieve.llmcloud.service.StageEventFactory;
import io.medsieve.llmcloud.service.TenantPolicy;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.PostgresResource;
import io.medsieve.storage.crypto.EventEnvelope;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch reconciliation from database state alone. The scheduled loop is paused and turns are driven by hand, so each
 * step is deterministic: a batch is submitted by one dispatcher, which is then thrown away with everything it held in
 * memory (as in a crash); a freshly built dispatcher (new provider registry and rate limiter too) finds the batch in
 * PostgreSQL, reconciles it by custom_id, retries the one failed request on its own, and every task of every document
 * ends with exactly one AnalysisProposed. A second case lets the batch expire twice: resubmitted once, then sent to
 * human review.
 */
@QuarkusTest
class BatchRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TENANT = "tenant-openai";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject Scheduler scheduler;
    @Inject CloudRepository repository;
    @Inject OutboxPublisher publisher;
    @Inject EgressGuard guard;
    @Inject TenantPolicy policy;
    @Inject Pricing pricing;
    @Inject StageEventFactory events;
    @Inject DocumentBlobs blobs;
    @Inject EventEnvelope envelope;
    @Inject PromptCatalog prompts;
    @Inject CloudConfig config;

    private WireMock stub;
    private RoutedDocuments documents;

    @BeforeEach
    void setUp() throws Exception {
        scheduler.pause(Dispatcher.JOB);
        Thread.sleep(1000); // let a turn that had already started finish
        stub = ProviderStubResource.client();
        stub.resetMappings();
        stub.resetRequests();
        stub.resetScenarios();
        documents = new RoutedDocuments(blobs, envelope);
    }

    @AfterEach
    void tearDown() {
        documents.close();
        scheduler.resume(Dispatcher.JOB);
    }

    /** A dispatcher with no state but the database's, as after a restart. */
    private Dispatcher freshDispatcher() {
        return new Dispatcher(repository, publisher, guard, new ProviderRegistry(config), policy, pricing,
                new RateLimiter(config), events, blobs, prompts, config);
    }

    @Test
    void restartMidBatchEndsWithExactlyOneProposalPerTask() throws Exception {
        stub.register(post(urlEqualTo("/v1/files")).willReturn(okJson(
                "{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\",\"filename\":\"batch.jsonl\"}")));
        stub.register(post(urlEqualTo("/v1/batches")).inScenario("batches").whenScenarioStateIs("Started")
                .willSetStateTo("one-created").willReturn(okJson(
                        "{\"id\":\"batch_one\",\"object\":\"batch\",\"status\":\"validating\"}")));
        stub.register(post(urlEqualTo("/v1/batches")).inScenario("batches").whenScenarioStateIs("one-created")
                .willReturn(okJson("{\"id\":\"batch_two\",\"object\":\"batch\",\"status\":\"validating\"}")));
        stub.register(get(urlEqualTo("/v1/batches/batch_one")).willReturn(okJson(
                "{\"id\":\"batch_one\",\"object\":\"batch\",\"status\":\"in_progress\"}")));

        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted first = documents.send(TENANT, Route.CLOUD_BATCH, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT);
            DocumentRouted second = documents.send(TENANT, Route.CLOUD_BATCH,
                    EnumSet.of(AnalysisTask.SUMMARY, AnalysisTask.CODING), RoutedDocuments.CLEAN_TEXT);
            Set<String> documentIds = Set.of(first.header().documentId(), second.header().documentId());
            awaitTrue(() -> statuses(documentIds).size() == 3, "three requests recorded");

            Dispatcher beforeCrash = freshDispatcher();
            awaitTrue(() -> {
                beforeCrash.runOnce();
                return statuses(documentIds).values().stream().allMatch("IN_BATCH"::equals);
            }, "all three requests in a batch");
            List<LoggedRequest> uploads = stub.find(postRequestedFor(urlEqualTo("/v1/files")));
            assertThat(uploads).hasSize(1);
            assertThat(customIds(uploads.get(0))).containsExactlyInAnyOrderElementsOf(statuses(documentIds).keySet());
            // Still running on the provider's side: nothing proposed yet.
            beforeCrash.runOnce();
            assertThat(statuses(documentIds).values()).containsOnly("IN_BATCH");

            // "Crash": the first dispatcher is gone. The provider finishes the batch, one request failed.
            List<String> ids = new ArrayList<>(statuses(documentIds).keySet());
            String failedId = ids.get(2);
            stub.register(get(urlEqualTo("/v1/batches/batch_one")).willReturn(okJson("""
                    {"id":"batch_one","object":"batch","status":"completed","output_file_id":"file-out-1",
                     "error_file_id":"file-err-1"}""")));
            stub.register(get(urlEqualTo("/v1/files/file-out-1/content")).willReturn(aResponse().withStatus(200)
                    .withBody(success(ids.get(0), "chatcmpl-1") + "\n" + success(ids.get(1), "chatcmpl-2") + "\n")));
            stub.register(get(urlEqualTo("/v1/files/file-err-1/content")).willReturn(aResponse().withStatus(200)
                    .withBody("{\"id\":\"batch_req_3\",\"custom_id\":\"" + failedId + "\",\"response\":{\"status_code\":"
                            + "500,\"request_id\":\"req_3\",\"body\":{\"error\":{\"code\":\"server_error\"}}},"
                            + "\"error\":null}\n")));
            stub.register(get(urlEqualTo("/v1/batches/batch_two")).willReturn(okJson("""
                    {"id":"batch_two","object":"batch","status":"completed","output_file_id":"file-out-2",
                     "error_file_id":null}""")));
            stub.register(get(urlEqualTo("/v1/files/file-out-2/content")).willReturn(aResponse().withStatus(200)
                    .withBody(success(failedId, "chatcmpl-3") + "\n")));

            Dispatcher afterRestart = freshDispatcher();
            awaitTrue(() -> {
                afterRestart.runOnce();
                return statuses(documentIds).values().stream().allMatch("DONE"::equals);
            }, "every request answered after the restart");

            // The failed request was retried on its own, in a second batch.
            uploads = stub.find(postRequestedFor(urlEqualTo("/v1/files")));
            assertThat(uploads).hasSize(2);
            assertThat(customIds(uploads.get(1))).containsExactly(failedId);

            Map<String, AnalysisProposed> byEventId = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentIds.contains(r.key()), WAIT);
                assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
                AnalysisProposed proposed = envelope.open(record, AnalysisProposed.class);
                assertThat(EventSchemaValidator.violations(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION,
                        EventJson.write(proposed))).isEmpty();
                byEventId.put(proposed.header().eventId(), proposed);
            }
            assertThat(out.drainFor(Duration.ofSeconds(2))).noneMatch(r -> documentIds.contains(r.key()));
            assertThat(byEventId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            Set<String> documentTasks = new HashSet<>();
            for (AnalysisProposed proposed : byEventId.values()) {
                assertThat(documentTasks.add(proposed.header().documentId() + "/" + proposed.task())).isTrue();
                assertThat(proposed.route()).isEqualTo(Route.CLOUD_BATCH);
                assertThat(proposed.cloudCall().batchId())
                        .isEqualTo(proposed.header().eventId().equals(failedId) ? "batch_two" : "batch_one");
                // Batch price: (10 * 0.15 + 5 * 0.60) micro-USD = 4.5, rounded up to 5, halved and rounded up to 3.
                assertThat(proposed.cloudCall().estimatedCostMicros()).isEqualTo(3);
            }
            assertThat(documentTasks).containsExactlyInAnyOrder(first.header().documentId() + "/SUMMARY",
                    second.header().documentId() + "/SUMMARY", second.header().documentId() + "/CODING");
        }
    }

    @Test
    void batchThatExpiresTwiceSendsTheDocumentToHumanReview() throws Exception {
        stub.register(post(urlEqualTo("/v1/files")).willReturn(okJson(
                "{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}")));
        stub.register(post(urlEqualTo("/v1/batches")).willReturn(okJson(
                "{\"id\":\"batch_expiring\",\"object\":\"batch\",\"status\":\"validating\"}")));
        stub.register(get(urlEqualTo("/v1/batches/batch_expiring")).willReturn(okJson("""
                {"id":"batch_expiring","object":"batch","status":"expired","output_file_id":null,
                 "error_file_id":"file-expired"}""")));

        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.send(TENANT, Route.CLOUD_BATCH, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT);
            Set<String> documentIds = Set.of(routed.header().documentId());
            awaitTrue(() -> statuses(documentIds).size() == 1, "request recorded");
            String requestId = statuses(documentIds).keySet().iterator().next();
            stub.register(get(urlEqualTo("/v1/files/file-expired/content")).willReturn(aResponse().withStatus(200)
                    .withBody("{\"id\":\"batch_req_1\",\"custom_id\":\"" + requestId + "\",\"response\":null,"
                            + "\"error\":{\"code\":\"batch_expired\",\"message\":\"This request could not be executed"
                            + " before the completion window expired.\"}}\n")));

            Dispatcher dispatcher = freshDispatcher();
            awaitTrue(() -> {
                dispatcher.runOnce();
                return statuses(documentIds).containsValue("FAILED");
            }, "request sent to review after its second expiry");
            assertThat(stub.find(postRequestedFor(urlEqualTo("/v1/batches")))).hasSize(2);

            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> routed.header().documentId().equals(r.key()), WAIT);
            assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION, record.value()))
                    .isEmpty();
            StageFailed failed = EventJson.read(record.value(), StageFailed.class);
            assertThat(failed.reasonCode()).isEqualTo("llm-cloud.batch-expired");
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("human review");
            assertThat(out.drainFor(Duration.ofSeconds(2))).noneMatch(r -> routed.header().documentId().equals(r.key()));
        }
    }

    private static String success(String customId, String responseId) {
        return "{\"id\":\"batch_req_" + responseId + "\",\"custom_id\":\"" + customId + "\",\"response\":{"
                + "\"status_code\":200,\"request_id\":\"req\",\"body\":{\"id\":\"" + responseId + "\","
                + "\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Summary [PERSON_3f9a]\"},\"finish_reason\":"
                + "\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}},"
                + "\"error\":null}";
    }

    private static List<String> customIds(LoggedRequest upload) throws Exception {
        String body = upload.getBodyAsString();
        int start = body.indexOf("\r\n\r\n", body.indexOf("name=\"file\"")) + 4;
        int end = body.indexOf("\r\n--", start);
        List<String> ids = new ArrayList<>();
        for (String line : body.substring(start, end).split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                ids.add(node.path("custom_id").asText());
            }
        }
        return ids;
    }

    /** Request id to status for the given documents, read straight from the database. */
    private static Map<String, String> statuses(Set<String> documentIds) {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = c.prepareStatement(
                     "select id::text, status from analysis_request where document_id = any (?)")) {
            s.setArray(1, c.createArrayOf("varchar", documentIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
