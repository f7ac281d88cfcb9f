package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.testsupport.documents.SampleTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #7's whole-pipeline PHI canary: a referral letter full of planted identifiers goes through every service,
 * each in its own JVM over the real broker and database, to the cloud route; a local stand-in for OpenAI's API
 * records every byte it receives, and none of the planted identifiers is among them.
 */
class PhiCanaryPipelineIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** The demo uploader's tenant: the canary travels as that realm user (the token names the tenant). */
    private static final String TENANT = SampleRun.TENANT;
    private static final String STUB_KEY = "canary-stub-key";
    private static final Duration SETTLE = Duration.ofMinutes(4);
    /** A redaction placeholder such as {@code [PERSON_3f9a]} (the egress guard's definition). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]*_[0-9a-f]{4,32}\\]");

    private final ObjectMapper json = new ObjectMapper();
    private WireMockServer provider;

    @BeforeEach
    void startProviderStub() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-canary-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"[PERSON_3f9a] needs a cardiology review."},
                   "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":20,"total_tokens":1020}}
                """)));
    }

    @AfterEach
    void stopProviderStub() {
        provider.stop();
    }

    @Test
    void plantedIdentifiersNeverReachTheCloudProvider() throws Exception {
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assumeTrue(Files.isRegularFile(REPOSITORY.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar")),
                    "package every service first (the reactor build does): " + spec.name());
        }
        FakePatient patient = FakePatient.withCanary();
        Fixture letter = DocumentFixtures.digitalPdf(SampleTexts.referralLetter(patient));
        List<String> planted = new ArrayList<>(List.of(patient.name(), patient.dobText(), patient.mrn(),
                patient.phone(), patient.address(), patient.email()));
        assertThat(letter.text()).as("the letter carries every planted identifier").contains(planted);
        planted.addAll(Canary.fragments(patient.name()));
        planted.add(patient.email().substring(0, patient.email().indexOf('@')));

        AtomicReference<HttpResponse<String>> upload = new AtomicReference<>();
        AtomicReference<JsonNode> finalStatus = new AtomicReference<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean ok;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            ok = new MedSieveLauncher(REPOSITORY, out, Map.of("llm-cloud-service", cloudStageUsingStub()))
                    .launch(false, stack -> {
                        IngestClient ingest = stack.ingest();
                        // The canary is in the file name too: it must not travel with the document either.
                        upload.set(ingest.upload(Canary.asFileName(patient.name(), "pdf"), letter.bytes(),
                                Map.of("priority", "urgent", "tasks", "summary", "cloudConsent", "true")));
                        if (upload.get().statusCode() != 202) {
                            return false;
                        }
                        String documentId = json.readTree(upload.get().body()).path("documentId").asText();
                        finalStatus.set(awaitCloudStage(ingest, documentId));
                        return true;
                    });
        }
        System.out.println(captured.toString(StandardCharsets.UTF_8));

        assertThat(ok).as("stack started and the upload was accepted: %s", upload.get() == null ? "no upload"
                : upload.get().body()).isTrue();
        JsonNode status = finalStatus.get();
        assertThat(stage(status, "router").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(stage(status, "router").path("detail").asText())
                .as("an urgent, consented referral letter goes to the synchronous cloud route; status: %s", status)
                .isEqualTo("CLOUD_SYNC");
        assertThat(stage(status, "llm-cloud").path("state").asText()).as("status: %s", status).isEqualTo("COMPLETED");

        List<LoggedRequest> received = provider.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
        assertThat(received).as("the provider stub received the analysis call").isNotEmpty();
        for (LoggedRequest request : received) {
            // The wire format of OpenAI's chat completions, as the contract tests pin it.
            assertThat(request.getMethod().value()).isEqualTo("POST");
            assertThat(request.getUrl()).isEqualTo("/v1/chat/completions");
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + STUB_KEY);
            JsonNode body = json.readTree(request.getBody());
            assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(body.path("messages").isArray()).isTrue();

            String everything = everythingReceived(request, body);
            for (String identifier : planted) {
                assertThat(everything).as("planted identifier in what the provider received")
                        .doesNotContainIgnoringCase(identifier);
            }
            // Proof that this was the letter, redacted: its clinical content and the redaction's placeholders.
            assertThat(everything).contains("Atorvastatin 40 mg").containsPattern(PLACEHOLDER);
        }

        // Nor did any service write one to its log on the way (the launcher keeps the logs of the run).
        try (Stream<Path> logs = Files.list(REPOSITORY.resolve(".medsieve/logs"))) {
            List<Path> files = logs.filter(Files::isRegularFile).toList();
            assertThat(files).as("service logs").isNotEmpty();
            for (Path log : files) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                for (String identifier : planted) {
                    assertThat(text).as("planted identifier in " + log.getFileName())
                            .doesNotContainIgnoringCase(identifier);
                }
            }
        }
    }

    /** The cloud stage pointed at the stub, with one tenant allowed to use it. */
    private Map<String, String> cloudStageUsingStub() {
        String tenant = "medsieve.llm-cloud.tenants." + TENANT + ".";
        return Map.of(
                "medsieve.llm-cloud.providers.openai.base-url", provider.baseUrl() + "/v1",
                "medsieve.llm-cloud.providers.openai.api-key", STUB_KEY, // a stub's key, not a secret
                tenant + "provider", "openai",
                tenant + "model", "gpt-4o-mini",
                tenant + "allowed-providers", "openai",
                tenant + "allowed-models", "gpt-4o-mini",
                tenant + "allowed-regions", "us",
                tenant + "monthly-budget-micros", "100000000");
    }

    /** Polls the status API until the cloud stage decided, the router chose another route, or time is up. */
    private JsonNode awaitCloudStage(IngestClient ingest, String documentId) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            JsonNode status = ingest.status(documentId);
            String cloud = stage(status, "llm-cloud").path("state").asText();
            if (!cloud.equals("PENDING") || stage(status, "router").path("state").asText().equals("FAILED")
                    || Instant.now().isAfter(deadline)) {
                return status;
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode stage(JsonNode status, String name) {
        for (JsonNode stage : status.path("stages")) {
            if (stage.path("stage").asText().equals(name)) {
                return stage;
            }
        }
        throw new AssertionError("no stage " + name + " in " + status);
    }

    /**
     * Every byte the provider got, as text: URL, every header, the raw body, and the body's JSON strings decoded
     * (so an identifier hidden behind a JSON escape is found too).
     */
    private static String everythingReceived(LoggedRequest request, JsonNode body) {
        StringBuilder all = new StringBuilder(request.getAbsoluteUrl()).append('\n');
        for (HttpHeader header : request.getHeaders().all()) {
            all.append(header.key()).append(": ").append(String.join(", ", header.values())).append('\n');
        }
        all.append(new String(request.getBody(), StandardCharsets.UTF_8)).append('\n');
        appendStrings(body, all);
        return all.toString();
    }

    private static void appendStrings(JsonNode node, StringBuilder all) {
        if (node.isTextual()) {
            all.append(node.asText()).append('\n');
        }
        node.forEach(child -> appendStrings(child, all));
    }
}
