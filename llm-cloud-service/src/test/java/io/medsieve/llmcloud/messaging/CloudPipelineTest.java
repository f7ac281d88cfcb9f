package io.medsieve.llmcloud.messaging;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Route;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Sha256;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.ProviderStubResource;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.storage.crypto.EventEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage end to end over the real broker and database with the provider stubbed: a clean redacted document is
 * analysed and no canary reaches the provider; a "redacted" text that still holds identifiers is stopped by the
 * egress guard before a single byte leaves.
 */
@QuarkusTest
class CloudPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TENANT = "tenant-openai";

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    private WireMock stub;
    private RoutedDocuments documents;

    @BeforeEach
    void setUp() {
        stub = ProviderStubResource.client();
        stub.resetMappings();
        stub.resetRequests();
        stub.resetScenarios();
        documents = new RoutedDocuments(blobs, envelope);
    }

    @AfterEach
    void tearDown() {
        documents.close();
    }

    @Test
    void cleanRedactedTextGoesOutAndEveryTaskIsProposedWithoutAnyCanaryLeaving() throws Exception {
        stub.register(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-sync-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"[PERSON_3f9a] has type 2 diabetes."},
                   "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200}}
                """)));
        String canary = Canary.newName();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                     Topics.SECURITY_EVENTS)) {
            // The original with the canary exists in the store too; only the redacted text may be read.
            DocumentRouted routed = documents.send(TENANT, Route.CLOUD_SYNC,
                    EnumSet.of(AnalysisTask.SUMMARY, AnalysisTask.EXTRACTION), RoutedDocuments.CLEAN_TEXT);
            blobs.store(TENANT, routed.header().documentId(), "original", "text/plain",
                    ("Referral for " + canary).getBytes(StandardCharsets.UTF_8));

            List<AnalysisProposed> proposals = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ConsumerRecord<String, byte[]> record = out.awaitRecord(
                        r -> routed.header().documentId().equals(r.key()), WAIT);
                assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
                AnalysisProposed proposed = envelope.open(record, AnalysisProposed.class);
                assertThat(EventSchemaValidator.violations(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION,
                        EventJson.write(proposed))).isEmpty();
                assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_ID))
                        .isEqualTo(proposed.header().eventId());
                assertThat(KafkaTestConsumer.header(record, KafkaHeaders.TENANT)).isEqualTo(TENANT);
                proposals.add(proposed);
            }
            assertThat(proposals).extracting(AnalysisProposed::task)
                    .containsExactlyInAnyOrder(AnalysisTask.SUMMARY, AnalysisTask.EXTRACTION);
            for (AnalysisProposed proposed : proposals) {
                assertThat(proposed.header().causationId()).isEqualTo(routed.header().eventId());
                assertThat(proposed.route()).isEqualTo(Route.CLOUD_SYNC);
                assertThat(proposed.provider()).isEqualTo("openai");
                assertThat(proposed.modelId()).isEqualTo("gpt-4o-mini");
                assertThat(proposed.modelVersion()).isEqualTo("gpt-4o-mini-2024-07-18");
                assertThat(proposed.inputTokens()).isEqualTo(1000);
                assertThat(proposed.outputTokens()).isEqualTo(200);
                assertThat(proposed.cloudCall().requestId()).isEqualTo("chatcmpl-sync-1");
                assertThat(proposed.cloudCall().batchId()).isNull();
                // 1000 * 0.15 + 200 * 0.60 micro-USD per token = 150 + 120
                assertThat(proposed.cloudCall().estimatedCostMicros()).isEqualTo(270);
                assertThat(proposed.cloudCall().currency()).isEqualTo("USD");
                assertThat(proposed.promptTemplateId()).startsWith("medsieve.");
                String answer = new String(blobs.load(TENANT, routed.header().documentId(),
                        "analysis-output." + proposed.task().name().toLowerCase(), proposed.output()),
                        StandardCharsets.UTF_8);
                assertThat(answer).isEqualTo("[PERSON_3f9a] has type 2 diabetes.");
            }

            List<LoggedRequest> sent = stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions")));
            assertThat(sent).hasSize(2);
            for (LoggedRequest request : sent) {
                assertThat(request.getBodyAsString()).contains("[PERSON_3f9a]").contains("Metformin 500 mg");
                for (String fragment : Canary.fragments(canary)) {
                    assertThat(request.getBodyAsString()).doesNotContain(fragment);
                }
            }
            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
            logs.assertNoneContains("Metformin", "diabetes");
        }
    }

    @Test
    void unredactedTextIsBlockedBeforeAnyByteLeaves() throws Exception {
        stub.register(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("{}")));
        String canary = Canary.newName();
        String unredacted = "Referral for patient " + canary + ", DOB 03/14/1961, MRN 48213377, phone (617) 555-0143."
                + "\fType 2 diabetes mellitus. Metformin 500 mg twice daily.";
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                     Topics.SECURITY_EVENTS)) {
            DocumentRouted routed = documents.send(TENANT, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    unredacted);
            String documentId = routed.header().documentId();

            ConsumerRecord<String, byte[]> security = out.awaitRecord(
                    r -> documentId.equals(r.key()) && r.topic().equals(Topics.SECURITY_EVENTS), WAIT);
            ConsumerRecord<String, byte[]> failure = out.awaitRecord(
                    r -> documentId.equals(r.key()) && r.topic().equals(Topics.STAGE_FAILURES), WAIT);

            assertThat(EventSchemaValidator.violations(SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION,
                    security.value())).isEmpty();
            SecurityEvent event = EventJson.read(security.value(), SecurityEvent.class);
            assertThat(event.stage()).isEqualTo(Stage.LLM_CLOUD);
            assertThat(event.kind()).isEqualTo("llm-cloud.egress-blocked");
            assertThat(event.detail()).contains("nothing was sent");

            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION,
                    failure.value())).isEmpty();
            StageFailed failed = EventJson.read(failure.value(), StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.LLM_CLOUD);
            assertThat(failed.reasonCode()).isEqualTo("llm-cloud.egress-blocked");
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("human review");
            assertThat(failed.failedEventId()).isEqualTo(routed.header().eventId());

            // Zero bytes reached the provider, and no proposal was made.
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
            assertThat(out.drainFor(Duration.ofSeconds(2))).noneMatch(r -> documentId.equals(r.key())
                    && r.topic().equals(Topics.ANALYSIS_PROPOSED));

            String[] leaks = {Canary.fragments(canary).get(0), Canary.fragments(canary).get(1),
                Canary.fragments(canary).get(2), "48213377", "555-0143", "03/14/1961"};
            for (String leak : leaks) {
                assertThat(new String(security.value(), StandardCharsets.UTF_8)).doesNotContain(leak);
                assertThat(new String(failure.value(), StandardCharsets.UTF_8)).doesNotContain(leak);
            }
            logs.assertNoneContains(leaks);
        }
    }

    @Test
    void payloadThatIsNotTheStoredRedactedTextIsBlocked() throws Exception {
        String canary = Canary.newName();
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.SECURITY_EVENTS, Topics.STAGE_FAILURES)) {
            // The router pointed at the original (as if the redaction step were skipped): wrong purpose.
            String original = UUID.randomUUID().toString();
            ContentRef originalRef = blobs.store(TENANT, original, "original", "text/plain; charset=utf-8",
                    ("Referral for " + canary).getBytes(StandardCharsets.UTF_8));
            documents.send(TENANT, original, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY), originalRef);
            // Inline text cannot be proven to be the redacted version.
            String inline = UUID.randomUUID().toString();
            String text = "Referral for " + canary;
            documents.send(TENANT, inline, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    ContentRef.inline("text/plain; charset=utf-8", text,
                            Sha256.hex(text.getBytes(StandardCharsets.UTF_8))));

            assertThat(EventJson.read(out.awaitRecord(r -> original.equals(r.key())
                    && r.topic().equals(Topics.SECURITY_EVENTS), WAIT).value(), SecurityEvent.class).kind())
                    .isEqualTo("llm-cloud.payload-not-redacted");
            assertThat(EventJson.read(out.awaitRecord(r -> inline.equals(r.key())
                    && r.topic().equals(Topics.SECURITY_EVENTS), WAIT).value(), SecurityEvent.class).kind())
                    .isEqualTo("llm-cloud.payload-unverifiable");
            assertThat(EventJson.read(out.awaitRecord(r -> original.equals(r.key())
                    && r.topic().equals(Topics.STAGE_FAILURES), WAIT).value(), StageFailed.class).reasonCode())
                    .isEqualTo("llm-cloud.payload-not-redacted");
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
        }
    }

    @Test
    void providerOutageMakesTheDocumentWaitNotFail() throws Exception {
        stub.register(post(urlEqualTo("/v1/chat/completions")).inScenario("outage").whenScenarioStateIs("Started")
                .willSetStateTo("still-down").willReturn(aResponse().withStatus(503)));
        stub.register(post(urlEqualTo("/v1/chat/completions")).inScenario("outage").whenScenarioStateIs("still-down")
                .willSetStateTo("up").willReturn(aResponse().withStatus(429)));
        stub.register(post(urlEqualTo("/v1/chat/completions")).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(okJson("""
                {"id":"chatcmpl-after-outage","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Summary."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}
                """)));
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.send(TENANT, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT);
            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> routed.header().documentId().equals(r.key()), WAIT);
            assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
            assertThat(envelope.open(record, AnalysisProposed.class).cloudCall().requestId())
                    .isEqualTo("chatcmpl-after-outage");
            assertThat(stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(3);
            assertThat(out.drainFor(Duration.ofSeconds(2))).noneMatch(r -> routed.header().documentId().equals(r.key()));
        }
    }

    @Test
    void tenantsWithoutPolicyRegionOrBudgetGoToReviewWithoutACall() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            Map<String, String> expected = Map.of(
                    documents.send("tenant-unknown", Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                            RoutedDocuments.CLEAN_TEXT).header().documentId(), "llm-cloud.tenant-not-configured",
                    documents.send("tenant-eu-only", Route.CLOUD_BATCH, Set.of(AnalysisTask.SUMMARY),
                            RoutedDocuments.CLEAN_TEXT).header().documentId(), "llm-cloud.region-not-allowed",
                    documents.send("tenant-broke", Route.CLOUD_SYNC, Set.of(AnalysisTask.CODING),
                            RoutedDocuments.CLEAN_TEXT).header().documentId(), "llm-cloud.budget-exhausted");
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> entry.getKey().equals(r.key()), WAIT);
                assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
                assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION,
                        record.value())).isEmpty();
                assertThat(EventJson.read(record.value(), StageFailed.class).reasonCode()).isEqualTo(entry.getValue());
            }
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
        }
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicWithoutItsContent() throws Exception {
        String canary = Canary.newName();
        String key = UUID.randomUUID().toString();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.LLM_CLOUD));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DOCUMENT_ROUTED, key,
                    ("{\"header\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8))).get();
            ConsumerRecord<String, byte[]> dead = dlq.awaitRecord(r -> key.equals(r.key()), WAIT);
            for (Header header : dead.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(canary);
            }
            logs.assertNoneContains(canary);
        }
    }

    @Test
    void otherRoutesAreIgnored() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                Topics.SECURITY_EVENTS)) {
            DocumentRouted local = documents.send(TENANT, Route.LOCAL, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT);
            assertThat(out.drainFor(Duration.ofSeconds(3)))
                    .noneMatch(r -> local.header().documentId().equals(r.key()));
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
        }
    }
}
