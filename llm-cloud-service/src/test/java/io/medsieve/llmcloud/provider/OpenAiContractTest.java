package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OpenAI's documented wire format (platform.openai.com/docs/api-reference: chat/create, files/create, batch/create,
 * batch/retrieve, files/retrieve-contents and the batch input/output line formats), against a local stub.
 */
class OpenAiContractTest {

    private WireMockServer stub;
    private OpenAiProvider provider;

    @BeforeEach
    void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        provider = new OpenAiProvider("openai", OpenAiProvider.Dialect.OPENAI,
                URI.create(stub.baseUrl() + "/v1"), "sk-test-key", null, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    @Test
    void chatCompletionRequestAndResponse() {
        stub.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
                 "model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"medications\\":[]}","refusal":null},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163}}
                """)));

        Completion completion = provider.complete(ContractFixtures.request("req-1", AnalysisTask.EXTRACTION,
                "gpt-4o-mini"));

        LoggedRequest sent = stub.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-test-key");
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        // Whatever client headers the SDK adds, none carries document content.
        for (var header : sent.getHeaders().all()) {
            assertThat(String.join(",", header.values())).doesNotContain("PERSON_3f9a").doesNotContain("diabetes");
        }
        JsonNode body = ContractFixtures.body(sent);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").path(0).path("content").asText()).contains("\"followUps\"");
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(1).path("content").asText())
                .startsWith("<document>\n<page number=\"1\">").contains("[PERSON_3f9a]");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");

        assertThat(completion).isEqualTo(new Completion("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
                "gpt-4o-mini-2024-07-18", "{\"medications\":[]}", 1117, 46));
    }

    @Test
    void summaryAsksForPlainText() {
        stub.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Summary."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}
                """)));
        provider.complete(ContractFixtures.request("req-2", AnalysisTask.SUMMARY, "gpt-4o-mini"));
        JsonNode body = ContractFixtures.body(stub.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0));
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void rateLimitAndServerErrorsAreRetryableClientErrorsAreNotAndNeitherQuotesTheBody() {
        stub.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
                .withBody("{\"error\":{\"message\":\"Rate limit reached; echo: Patient [PERSON_3f9a]\"}}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "gpt-4o-mini")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.getMessage()).doesNotContain("PERSON").doesNotContain("Rate limit");
                });
        // Exactly one request: the SDK's own retries are off (the dispatcher's backoff is the only retry policy).
        assertThat(stub.findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions")))).hasSize(1);
        stub.resetAll();
        stub.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"message\":\"Invalid\",\"type\":\"invalid_request_error\"}}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "gpt-4o-mini")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isFalse());
        stub.resetAll();
        stub.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "gpt-4o-mini")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void batchUploadCreatePollAndDownloadWithPartialFailureAndExpiry() {
        stub.stubFor(post(urlEqualTo("/v1/files")).willReturn(okJson("""
                {"id":"file-abc123","object":"file","bytes":120000,"created_at":1677610602,
                 "filename":"batch.jsonl","purpose":"batch"}
                """)));
        stub.stubFor(post(urlEqualTo("/v1/batches")).willReturn(okJson("""
                {"id":"batch_abc123","object":"batch","endpoint":"/v1/chat/completions","errors":null,
                 "input_file_id":"file-abc123","completion_window":"24h","status":"validating",
                 "output_file_id":null,"error_file_id":null,"created_at":1711471533,
                 "request_counts":{"total":0,"completed":0,"failed":0}}
                """)));
        stub.stubFor(get(urlEqualTo("/v1/batches/batch_abc123")).willReturn(okJson("""
                {"id":"batch_abc123","object":"batch","endpoint":"/v1/chat/completions","status":"expired",
                 "input_file_id":"file-abc123","output_file_id":"file-out","error_file_id":"file-err",
                 "request_counts":{"total":3,"completed":1,"failed":2}}
                """)));
        stub.stubFor(get(urlEqualTo("/v1/files/file-out/content")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody("""
                {"id":"batch_req_1","custom_id":"a-1","response":{"status_code":200,"request_id":"req_1","body":{"id":"chatcmpl-xyz","object":"chat.completion","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Summary a"},"finish_reason":"stop"}],"usage":{"prompt_tokens":22,"completion_tokens":2,"total_tokens":24}}},"error":null}
                """)));
        stub.stubFor(get(urlEqualTo("/v1/files/file-err/content")).willReturn(aResponse().withStatus(200).withBody("""
                {"id":"batch_req_2","custom_id":"b-2","response":{"status_code":400,"request_id":"req_2","body":{"error":{"message":"bad","type":"invalid_request_error","code":"invalid_value"}}},"error":null}
                {"id":"batch_req_3","custom_id":"c-3","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}
                """)));

        String batchId = provider.submitBatch(List.of(
                ContractFixtures.request("a-1", AnalysisTask.SUMMARY, "gpt-4o-mini"),
                ContractFixtures.request("b-2", AnalysisTask.EXTRACTION, "gpt-4o-mini"),
                ContractFixtures.request("c-3", AnalysisTask.CODING, "gpt-4o-mini")));
        assertThat(batchId).isEqualTo("batch_abc123");

        LoggedRequest upload = stub.findAll(postRequestedFor(urlEqualTo("/v1/files"))).get(0);
        assertThat(upload.getHeader("Authorization")).isEqualTo("Bearer sk-test-key");
        assertThat(upload.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(ContractFixtures.formField(upload, "purpose")).isEqualTo("batch");
        assertThat(upload.getBodyAsString())
                .contains("Content-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"");
        List<JsonNode> lines = ContractFixtures.jsonlPart(upload);
        assertThat(lines).extracting(l -> l.path("custom_id").asText()).containsExactly("a-1", "b-2", "c-3");
        for (JsonNode line : lines) {
            assertThat(line.path("method").asText()).isEqualTo("POST");
            assertThat(line.path("url").asText()).isEqualTo("/v1/chat/completions");
            assertThat(line.path("body").path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(line.path("body").path("messages")).hasSize(2);
        }
        JsonNode create = ContractFixtures.body(stub.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(0));
        assertThat(create.path("input_file_id").asText()).isEqualTo("file-abc123");
        assertThat(create.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(create.path("completion_window").asText()).isEqualTo("24h");

        BatchState state = provider.poll(batchId);
        assertThat(state.phase()).isEqualTo(BatchState.Phase.ENDED);
        Map<String, BatchOutcome> outcomes = provider.results(state).stream()
                .collect(Collectors.toMap(BatchOutcome::customId, Function.identity()));
        assertThat(outcomes.get("a-1").completion()).isEqualTo(
                new Completion("chatcmpl-xyz", "gpt-4o-mini-2024-07-18", "Summary a", 22, 2));
        assertThat(outcomes.get("b-2").completion()).isNull();
        assertThat(outcomes.get("b-2").errorCode()).isEqualTo("invalid_value");
        assertThat(outcomes.get("b-2").expired()).isFalse();
        assertThat(outcomes.get("c-3").expired()).isTrue();
        stub.verify(getRequestedFor(urlEqualTo("/v1/files/file-out/content")));
    }

    @Test
    void runningStatusesKeepPolling() {
        for (String status : new String[] {"validating", "in_progress", "finalizing", "cancelling"}) {
            stub.stubFor(get(urlEqualTo("/v1/batches/batch_1")).willReturn(okJson(
                    "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"" + status + "\"}")));
            assertThat(provider.poll("batch_1").phase()).isEqualTo(BatchState.Phase.RUNNING);
        }
        stub.stubFor(get(urlEqualTo("/v1/batches/batch_1")).willReturn(okJson(
                "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"failed\"}")));
        assertThat(provider.poll("batch_1").phase()).isEqualTo(BatchState.Phase.FAILED);
    }
}
