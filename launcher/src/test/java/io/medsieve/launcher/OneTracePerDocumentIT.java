package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.medsieve.events.Topics;
import io.medsieve.launcher.OtlpTraceReceiver.ReceivedSpan;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.SampleTexts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #11: one document, one trace. The real multi-process stack exports its spans over OTLP/HTTP to a receiver
 * in this test; one referral letter goes from the upload through OCR, redaction and the router to the cloud stage
 * (a local stand-in for OpenAI's API) and its AnalysisProposed. Every messaging span of the run is in the upload's
 * trace, and every stage's consumer span has a parent chain back to the upload's server span, across both outbox
 * relays (ingest's and the cloud stage's) and the OCR and redaction worker threads.
 */
class OneTracePerDocumentIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** The demo uploader's tenant: uploads carry its token. */
    private static final String TENANT = SampleRun.TENANT;
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Set<String> PIPELINE_TOPICS = Set.of(Topics.DOCUMENT_INGESTED, Topics.DOCUMENT_EXTRACTED,
            Topics.DOCUMENT_REDACTED, Topics.DOCUMENT_ROUTED, Topics.ANALYSIS_PROPOSED);
    private static final String DESTINATION = "messaging.destination.name";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void oneDocumentIsOneConnectedTraceFromUploadToAnalysis() throws Exception {
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assumeTrue(Files.isRegularFile(REPOSITORY.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar")),
                    "package every service first (the reactor build does): " + spec.name());
        }
        WireMockServer provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-trace-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"A cardiology review is advised."},
                   "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":20,"total_tokens":1020}}
                """)));
        AtomicReference<JsonNode> finalStatus = new AtomicReference<>();
        AtomicReference<List<ReceivedSpan>> received = new AtomicReference<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean ok;
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start();
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            Map<String, Map<String, String>> overrides = new HashMap<>();
            for (ServiceSpec spec : ServiceSpec.ALL) {
                overrides.put(spec.name(), new HashMap<>(Map.of(
                        "quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                        "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                        "quarkus.otel.bsp.schedule.delay", "200ms",
                        "quarkus.otel.sdk.disabled", "false")));
            }
            overrides.get("llm-cloud-service").putAll(cloudStageUsingStub(provider));
            ok = new MedSieveLauncher(REPOSITORY, out, overrides).launch(false, stack -> {
                IngestClient ingest = stack.ingest();
                HttpResponse<String> upload = ingest.upload("referral.pdf",
                        DocumentFixtures.digitalPdf(SampleTexts.referralLetter(FakePatient.withCanary())).bytes(),
                        Map.of("priority", "urgent", "tasks", "summary", "cloudConsent", "true"));
                if (upload.statusCode() != 202) {
                    return false;
                }
                String documentId = json.readTree(upload.body()).path("documentId").asText();
                finalStatus.set(awaitCloudStage(ingest, documentId));
                // The last hop's spans (the AnalysisProposed consumers) reach the receiver after a batch delay.
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream().anyMatch(span ->
                        span.kind() == ReceivedSpan.CONSUMER
                                && Topics.ANALYSIS_PROPOSED.equals(span.attributes().get(DESTINATION))));
                received.set(receiver.spans());
                return true;
            });
        } finally {
            provider.stop();
        }
        System.out.println(captured.toString(StandardCharsets.UTF_8));
        assertThat(ok).as("stack started and the upload was accepted").isTrue();
        assertThat(stateOf(finalStatus.get(), "llm-cloud")).as("status: %s", finalStatus.get()).isEqualTo("COMPLETED");

        List<ReceivedSpan> spans = received.get();
        Map<String, ReceivedSpan> byId = spans.stream()
                .collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
        ReceivedSpan upload = spans.stream()
                .filter(span -> span.service().equals("ingest-service") && span.kind() == ReceivedSpan.SERVER)
                .filter(span -> "/v1/documents".equals(span.attributes().get("http.route")))
                .findFirst().orElseThrow(() -> new AssertionError("no upload span among " + spans.size()));

        // One document in this run: every span of every pipeline hop belongs to the upload's trace.
        List<ReceivedSpan> hops = spans.stream()
                .filter(span -> span.kind() == ReceivedSpan.PRODUCER || span.kind() == ReceivedSpan.CONSUMER)
                .filter(span -> PIPELINE_TOPICS.contains(span.attributes().get(DESTINATION)))
                .toList();
        assertThat(hops).allSatisfy(span -> assertThat(span.traceId()).as(describe(span)).isEqualTo(upload.traceId()));

        // Each stage's consumer span descends from the upload, hop by hop.
        for (String stage : List.of("ocr-service", "redaction-service", "router-service", "llm-cloud-service")) {
            List<ReceivedSpan> consumed = hops.stream()
                    .filter(span -> span.service().equals(stage) && span.kind() == ReceivedSpan.CONSUMER).toList();
            assertThat(consumed).as(stage + " consumer spans").isNotEmpty();
            assertThat(consumed).allSatisfy(span -> assertThat(descendsFrom(span, upload, byId))
                    .as(describe(span) + " descends from the upload").isTrue());
        }
        ReceivedSpan proposed = hops.stream()
                .filter(span -> span.service().equals("llm-cloud-service") && span.kind() == ReceivedSpan.PRODUCER)
                .filter(span -> Topics.ANALYSIS_PROPOSED.equals(span.attributes().get(DESTINATION)))
                .findFirst().orElseThrow(() -> new AssertionError("no AnalysisProposed publish span"));
        assertThat(descendsFrom(proposed, upload, byId)).as("the cloud outbox publishes in the trace").isTrue();
    }

    private static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, Map<String, ReceivedSpan> byId) {
        ReceivedSpan current = span;
        for (int depth = 0; current != null && depth < 100; depth++) {
            if (current.spanId().equals(ancestor.spanId())) {
                return true;
            }
            current = byId.get(current.parentSpanId());
        }
        return false;
    }

    private static String describe(ReceivedSpan span) {
        return span.service() + " '" + span.name() + "' (kind " + span.kind() + ")";
    }

    /** The cloud stage pointed at the stub, with the tenant allowed to use it. */
    private static Map<String, String> cloudStageUsingStub(WireMockServer provider) {
        String tenant = "medsieve.llm-cloud.tenants." + TENANT + ".";
        return Map.of(
                "medsieve.llm-cloud.providers.openai.base-url", provider.baseUrl() + "/v1",
                "medsieve.llm-cloud.providers.openai.api-key", "trace-stub-key", // a stub's key, not a secret
                tenant + "provider", "openai",
                tenant + "model", "gpt-4o-mini",
                tenant + "allowed-providers", "openai",
                tenant + "allowed-models", "gpt-4o-mini",
                tenant + "allowed-regions", "us",
                tenant + "monthly-budget-micros", "100000000");
    }

    /** Polls the status API until the cloud stage decided, the router chose another route, or time is up. */
    private static JsonNode awaitCloudStage(IngestClient ingest, String documentId) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            JsonNode status = ingest.status(documentId);
            if (!stateOf(status, "llm-cloud").equals("PENDING") || stateOf(status, "router").equals("FAILED")
                    || Instant.now().isAfter(deadline)) {
                return status;
            }
            Thread.sleep(500);
        }
    }

    private static String stateOf(JsonNode status, String stage) {
        for (JsonNode entry : status.path("stages")) {
            if (entry.path("stage").asText().equals(stage)) {
                return entry.path("state").asText();
            }
        }
        return "PENDING";
    }
}
