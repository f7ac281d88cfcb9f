package io.medsieve.llmlocal.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisTask;
import io.medsieve.prompts.ChatMessage;
import io.medsieve.prompts.Prompt;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAI chat completions wire format as documented (platform.openai.com/docs/api-reference/chat/create: request
 * {@code model}, {@code messages[].role/content}, {@code max_tokens}, {@code temperature}, {@code response_format};
 * response {@code id}, {@code model}, {@code choices[].message.content}, {@code usage.prompt_tokens/completion_tokens})
 * which Ollama, vLLM and llama.cpp's server implement, against a local stub. The request body is compared whole, so
 * an extra or renamed field fails the test.
 */
class OpenAiCompatibleBackendContractTest {

    private static final String DOCUMENTED_RESPONSE = """
            {"id":"chatcmpl-123","object":"chat.completion","created":1677652288,"model":"llama3.1:8b",
             "system_fingerprint":"fp_ollama",
             "choices":[{"index":0,"message":{"role":"assistant","content":"[PERSON_3f9a] has type 2 diabetes."},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":412,"completion_tokens":9,"total_tokens":421}}
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final PromptCatalog catalog = PromptCatalog.standard();
    private WireMockServer stub;

    @BeforeEach
    void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    private OpenAiCompatibleBackend backend(Optional<String> apiKey, Duration timeout) {
        return new OpenAiCompatibleBackend(URI.create(stub.baseUrl() + "/v1"), "llama3.1:8b", apiKey, 8192, 3,
                timeout, 0.0);
    }

    @Test
    void summaryRequestIsExactlyTheDocumentedBodyAndTheDocumentedResponseIsRead() throws Exception {
        stub.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(DOCUMENTED_RESPONSE)));
        Prompt prompt = PromptBuilder.build(catalog.template(AnalysisTask.SUMMARY),
                "Referral for [PERSON_3f9a].\fMetformin 500 mg twice daily.");

        Generation generation;
        try (OpenAiCompatibleBackend backend = backend(Optional.of("local-key"), Duration.ofSeconds(10))) {
            generation = backend.generate(prompt, 512, false);
        }

        List<LoggedRequest> sent = stub.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer local-key");
        assertThat(sent.get(0).getHeader("Content-Type")).startsWith("application/json");
        assertThat(json.readTree(sent.get(0).getBodyAsString())).isEqualTo(expectedBody(prompt, 512, false));

        assertThat(generation.text()).isEqualTo("[PERSON_3f9a] has type 2 diabetes.");
        assertThat(generation.inputTokens()).isEqualTo(412);
        assertThat(generation.outputTokens()).isEqualTo(9);
        assertThat(generation.modelVersion()).isEqualTo("llama3.1:8b");
        assertThat(generation.latencyMillis()).isNotNegative();
    }

    @Test
    void structuredTasksAskForAJsonObject() throws Exception {
        stub.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(DOCUMENTED_RESPONSE)));
        Prompt prompt = PromptBuilder.build(catalog.template(AnalysisTask.EXTRACTION), "Metformin 500 mg.");

        try (OpenAiCompatibleBackend backend = backend(Optional.empty(), Duration.ofSeconds(10))) {
            backend.generate(prompt, 1024, true);
        }

        LoggedRequest sent = stub.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        assertThat(json.readTree(sent.getBodyAsString())).isEqualTo(expectedBody(prompt, 1024, true));
    }

    @Test
    void aServerErrorBecomesAFixedRetryableCodeWithoutTheServersBody() {
        stub.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"failed on: Metformin 500 mg for Jane Roe\",\"type\":\"server_error\"}}")));
        Prompt prompt = PromptBuilder.build(catalog.template(AnalysisTask.SUMMARY), "Metformin 500 mg for Jane Roe");

        try (OpenAiCompatibleBackend backend = backend(Optional.empty(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> backend.generate(prompt, 64, false))
                    .isInstanceOf(BackendException.class)
                    .satisfies(e -> {
                        assertThat(((BackendException) e).code()).isEqualTo("llm-local.server-http-500");
                        assertThat(((BackendException) e).retryable()).isTrue();
                        assertThat(e.getMessage()).doesNotContain("Jane").doesNotContain("Metformin");
                        assertThat(e.getCause()).isNull();
                    });
        }
        // The client's own retries are off: one request, not three.
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
    }

    @Test
    void aServerSlowerThanTheTimeoutIsATimeout() {
        stub.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(DOCUMENTED_RESPONSE).withFixedDelay(3000)));
        Prompt prompt = PromptBuilder.build(catalog.template(AnalysisTask.SUMMARY), "text");

        try (OpenAiCompatibleBackend backend = backend(Optional.empty(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> backend.generate(prompt, 64, false))
                    .isInstanceOf(BackendException.class)
                    .extracting(e -> ((BackendException) e).code()).isEqualTo("llm-local.timeout");
        }
    }

    @Test
    void tokensAreOverEstimatedFromTheUtf8Length() {
        try (OpenAiCompatibleBackend backend = backend(Optional.empty(), Duration.ofSeconds(1))) {
            assertThat(backend.countTokens("abcdefg")).isEqualTo(3);
            assertThat(backend.countTokens("é")).isEqualTo(1);
            assertThat(backend.info()).isEqualTo(new ModelInfo("openai-compatible", "llama3.1:8b", "llama3.1:8b", 8192));
        }
    }

    /** The body OpenAI documents for a chat completion, built field by field from the prompt. */
    private ObjectNode expectedBody(Prompt prompt, int maxTokens, boolean jsonObject) {
        ObjectNode body = json.createObjectNode();
        body.put("model", "llama3.1:8b");
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : prompt.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0.0);
        if (jsonObject) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }
}
