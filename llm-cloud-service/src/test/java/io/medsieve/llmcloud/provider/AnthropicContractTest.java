package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Anthropic's documented wire format (docs.anthropic.com: Messages API, Message Batches create/retrieve/results),
 * against a local stub, as sent and parsed by the official SDK the adapter uses.
 */
class AnthropicContractTest {

    private WireMockServer stub;
    private AnthropicProvider provider;

    @BeforeEach
    void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        provider = new AnthropicProvider("anthropic", URI.create(stub.baseUrl()), "sk-ant-test", null,
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    @Test
    void messagesRequestAndResponse() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson("""
                {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"text","text":"Summary: "},{"type":"text","text":"[PERSON_3f9a] has diabetes."}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":2095,"output_tokens":503}}
                """)));

        ModelRequest request = ContractFixtures.request("req-1", AnalysisTask.SUMMARY, "claude-sonnet-4-5");
        Completion completion = provider.complete(request);

        List<LoggedRequest> all = stub.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        LoggedRequest sent = all.get(0);
        assertThat(sent.getMethod().getName()).isEqualTo("POST");
        assertThat(sent.getUrl()).isEqualTo("/v1/messages");
        assertAuthHeaders(sent);
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        // The whole body, exactly: model, max_tokens, the instructions in system, the document only in the user turn.
        assertThat(ContractFixtures.body(sent)).isEqualTo(expectedParams(request));
        assertThat(request.prompt().system()).contains("Summarise").contains("never instructions")
                .doesNotContain("diabetes");
        assertThat(request.prompt().user()).startsWith("<document>");

        // Placeholders in the answer stay placeholders.
        assertThat(completion).isEqualTo(new Completion("msg_013Zva2CMHLNnXjNJJKqJ2EF",
                "claude-sonnet-4-5-20250929", "Summary: [PERSON_3f9a] has diabetes.", 2095, 503));
    }

    @Test
    void configuredApiVersionIsSentInsteadOfTheDefault() {
        provider = new AnthropicProvider("anthropic", URI.create(stub.baseUrl() + "/"), "sk-ant-test", "2099-01-01",
                Duration.ofSeconds(10));
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson("""
                {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}
                """)));
        provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "m"));
        LoggedRequest sent = stub.findAll(postRequestedFor(urlEqualTo("/v1/messages"))).get(0);
        assertThat(sent.getHeaders().getHeader("anthropic-version").values()).containsExactly("2099-01-01");
    }

    @Test
    void overloadedIsRetryable() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(529)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "m")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.status()).isEqualTo(529);
                    assertThat(e.getMessage()).doesNotContain("Overloaded");
                });
        assertThat(stub.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500})
    void rateLimitAndServerErrorsAreRetryableSentOnceAndNotQuoted(int status) {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("retry-after", "0")
                .withHeader("x-should-retry", "true")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                        + "\"message\":\"Slow down; echo: Patient [PERSON_3f9a]\"}}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "m")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).doesNotContain("PERSON").doesNotContain("Slow down");
                });
        // Exactly one request even though the response invites a retry: the SDK's own retries are off (the
        // dispatcher's database-driven backoff is the only retry policy).
        assertThat(stub.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void clientErrorsAreNotRetryable() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "m")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void redirectsAreNotFollowed() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(307)
                .withHeader("Location", stub.baseUrl() + "/elsewhere")));
        stub.stubFor(post(urlEqualTo("/elsewhere")).willReturn(okJson("{}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "m")))
                .isInstanceOf(ProviderException.class);
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
    }

    @Test
    void messageBatchCreatePollAndResultsWithPartialFailureAndExpiry() {
        stub.stubFor(post(urlEqualTo("/v1/messages/batches")).willReturn(okJson("""
                {"id":"msgbatch_013Zva2CMHLNnXjNJJKqJ2EF","type":"message_batch","processing_status":"in_progress",
                 "request_counts":{"processing":3,"succeeded":0,"errored":0,"canceled":0,"expired":0},
                 "ended_at":null,"created_at":"2024-09-24T18:37:24.100435Z","expires_at":"2024-09-25T18:37:24.100435Z",
                 "archived_at":null,"cancel_initiated_at":null,"results_url":null}
                """)));

        List<ModelRequest> requests = List.of(
                ContractFixtures.request("a-1", AnalysisTask.SUMMARY, "claude-sonnet-4-5"),
                ContractFixtures.request("b-2", AnalysisTask.EXTRACTION, "claude-sonnet-4-5"),
                ContractFixtures.request("c-3", AnalysisTask.CODING, "claude-sonnet-4-5"));
        String batchId = provider.submitBatch(requests);
        assertThat(batchId).isEqualTo("msgbatch_013Zva2CMHLNnXjNJJKqJ2EF");

        List<LoggedRequest> creates = stub.findAll(postRequestedFor(urlEqualTo("/v1/messages/batches")));
        assertThat(creates).hasSize(1);
        LoggedRequest create = creates.get(0);
        assertAuthHeaders(create);
        assertThat(create.getHeader("Content-Type")).startsWith("application/json");
        // The whole body, exactly: {"requests":[{"custom_id","params":{model, max_tokens, system, messages}}]}.
        ObjectNode expected = ContractFixtures.JSON.createObjectNode();
        for (ModelRequest request : requests) {
            expected.withArray("requests").addObject()
                    .put("custom_id", request.customId())
                    .set("params", expectedParams(request));
        }
        assertThat(ContractFixtures.body(create)).isEqualTo(expected);

        String batchUrl = "/v1/messages/batches/" + batchId;
        stub.stubFor(get(urlEqualTo(batchUrl)).willReturn(okJson(batch(batchId, "in_progress",
                "{\"processing\":3,\"succeeded\":0,\"errored\":0,\"canceled\":0,\"expired\":0}", "null"))));
        assertThat(provider.poll(batchId).phase()).isEqualTo(BatchState.Phase.RUNNING);

        // results_url on a foreign host is not followed: results come from the configured host's documented path.
        stub.stubFor(get(urlEqualTo(batchUrl)).willReturn(okJson(batch(batchId, "ended",
                "{\"processing\":0,\"succeeded\":1,\"errored\":1,\"canceled\":0,\"expired\":1}",
                "\"https://elsewhere.example/v1/messages/batches/" + batchId + "/results\""))));
        stub.stubFor(get(urlEqualTo(batchUrl + "/results")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/binary").withBody("""
                {"custom_id":"a-1","result":{"type":"succeeded","message":{"id":"msg_014VwiXbi91y3JMjcpyGBHX5","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"Summary a"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":36}}}}
                {"custom_id":"b-2","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"Validation error"}}}}
                {"custom_id":"c-3","result":{"type":"expired"}}
                """)));

        BatchState state = provider.poll(batchId);
        assertThat(state.phase()).isEqualTo(BatchState.Phase.ENDED);
        Map<String, BatchOutcome> outcomes = provider.results(state).stream()
                .collect(Collectors.toMap(BatchOutcome::customId, Function.identity()));
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get("a-1").completion()).isEqualTo(new Completion("msg_014VwiXbi91y3JMjcpyGBHX5",
                "claude-sonnet-4-5-20250929", "Summary a", 11, 36));
        assertThat(outcomes.get("b-2").completion()).isNull();
        assertThat(outcomes.get("b-2").errorCode()).isEqualTo("invalid_request_error");
        assertThat(outcomes.get("b-2").expired()).isFalse();
        assertThat(outcomes.get("c-3").completion()).isNull();
        assertThat(outcomes.get("c-3").expired()).isTrue();

        for (LoggedRequest retrieve : stub.findAll(getRequestedFor(urlEqualTo(batchUrl)))) {
            assertAuthHeaders(retrieve);
        }
        List<LoggedRequest> results = stub.findAll(getRequestedFor(urlEqualTo(batchUrl + "/results")));
        assertThat(results).hasSize(1);
        assertAuthHeaders(results.get(0));
        // Every request of the exchange went to the documented paths on the configured host, nowhere else.
        assertThat(stub.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
                .containsExactly("/v1/messages/batches", batchUrl, batchUrl, batchUrl + "/results");
    }

    @Test
    void canceledAndUnknownErrorTypesAreFailuresWithoutTheMessage() {
        String batchId = "msgbatch_01";
        stub.stubFor(get(urlEqualTo("/v1/messages/batches/" + batchId + "/results")).willReturn(aResponse()
                .withStatus(200).withBody("""
                {"custom_id":"a-1","result":{"type":"canceled"}}
                {"custom_id":"b-2","result":{"type":"errored","error":{"type":"error","error":{"type":"api_error","message":"Patient [PERSON_3f9a]"}}}}
                """)));
        Map<String, BatchOutcome> outcomes = provider.results(new BatchState(batchId, BatchState.Phase.ENDED,
                        null, null, null)).stream()
                .collect(Collectors.toMap(BatchOutcome::customId, Function.identity()));
        assertThat(outcomes.get("a-1")).isEqualTo(BatchOutcome.failed("a-1", "canceled"));
        assertThat(outcomes.get("b-2")).isEqualTo(BatchOutcome.failed("b-2", "api_error"));
    }

    /** {@code {model, max_tokens, system, messages:[{role:user, content}]}} as the Messages API documents it. */
    private static ObjectNode expectedParams(ModelRequest request) {
        ObjectNode params = ContractFixtures.JSON.createObjectNode();
        params.put("max_tokens", request.maxOutputTokens());
        params.withArray("messages").addObject().put("role", "user").put("content", request.prompt().user());
        params.put("model", request.model());
        params.put("system", request.prompt().system());
        return params;
    }

    private static String batch(String id, String status, String counts, String resultsUrl) {
        return """
                {"id":"%s","type":"message_batch","processing_status":"%s","request_counts":%s,
                 "ended_at":null,"created_at":"2024-09-24T18:37:24.100435Z","expires_at":"2024-09-25T18:37:24.100435Z",
                 "archived_at":null,"cancel_initiated_at":null,"results_url":%s}
                """.formatted(id, status, counts, resultsUrl);
    }

    /**
     * The documented auth headers, once each, no bearer token; whatever client headers the SDK adds
     * ({@code x-stainless-*}: SDK name, version, OS, runtime, retry count) carry no document content.
     */
    private static void assertAuthHeaders(LoggedRequest sent) {
        assertThat(sent.getHeaders().getHeader("x-api-key").values()).containsExactly("sk-ant-test");
        assertThat(sent.getHeaders().getHeader("anthropic-version").values()).containsExactly("2023-06-01");
        assertThat(sent.containsHeader("Authorization")).isFalse();
        for (HttpHeader header : sent.getHeaders().all()) {
            assertThat(String.join(",", header.values())).doesNotContain("PERSON_3f9a").doesNotContain("diabetes")
                    .doesNotContain("Metformin");
        }
    }
}
