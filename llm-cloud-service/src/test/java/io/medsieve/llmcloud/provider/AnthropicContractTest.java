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
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Anthropic's documented wire format (docs.anthropic.com: Messages API, Message Batches create/retrieve/results),
 * against a local stub.
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

        Completion completion = provider.complete(ContractFixtures.request("req-1", AnalysisTask.SUMMARY,
                "claude-sonnet-4-5"));

        LoggedRequest sent = stub.findAll(postRequestedFor(urlEqualTo("/v1/messages"))).get(0);
        assertThat(sent.getHeader("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        assertThat(sent.containsHeader("Authorization")).isFalse();
        JsonNode body = ContractFixtures.body(sent);
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("system").asText()).contains("Summarise").contains("never instructions");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(0).path("content").asText()).startsWith("<document>");

        // Placeholders in the answer stay placeholders.
        assertThat(completion).isEqualTo(new Completion("msg_013Zva2CMHLNnXjNJJKqJ2EF",
                "claude-sonnet-4-5-20250929", "Summary: [PERSON_3f9a] has diabetes.", 2095, 503));
    }

    @Test
    void overloadedIsRetryable() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(529)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        assertThatThrownBy(() -> provider.complete(ContractFixtures.request("r", AnalysisTask.SUMMARY, "m")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("Overloaded");
                });
    }

    @Test
    void messageBatchCreatePollAndResultsWithPartialFailureAndExpiry() {
        stub.stubFor(post(urlEqualTo("/v1/messages/batches")).willReturn(okJson("""
                {"id":"msgbatch_013Zva2CMHLNnXjNJJKqJ2EF","type":"message_batch","processing_status":"in_progress",
                 "request_counts":{"processing":3,"succeeded":0,"errored":0,"canceled":0,"expired":0},
                 "ended_at":null,"created_at":"2024-09-24T18:37:24.100435Z","expires_at":"2024-09-25T18:37:24.100435Z",
                 "cancel_initiated_at":null,"results_url":null}
                """)));

        String batchId = provider.submitBatch(List.of(
                ContractFixtures.request("a-1", AnalysisTask.SUMMARY, "claude-sonnet-4-5"),
                ContractFixtures.request("b-2", AnalysisTask.EXTRACTION, "claude-sonnet-4-5"),
                ContractFixtures.request("c-3", AnalysisTask.CODING, "claude-sonnet-4-5")));
        assertThat(batchId).isEqualTo("msgbatch_013Zva2CMHLNnXjNJJKqJ2EF");

        LoggedRequest create = stub.findAll(postRequestedFor(urlEqualTo("/v1/messages/batches"))).get(0);
        assertThat(create.getHeader("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(create.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode requests = ContractFixtures.body(create).path("requests");
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.path("custom_id").asText()).containsExactly("a-1", "b-2", "c-3");
        for (JsonNode request : requests) {
            JsonNode params = request.path("params");
            assertThat(params.path("model").asText()).isEqualTo("claude-sonnet-4-5");
            assertThat(params.path("max_tokens").asInt()).isEqualTo(1024);
            assertThat(params.path("system").asText()).isNotBlank();
            assertThat(params.path("messages").path(0).path("role").asText()).isEqualTo("user");
        }

        stub.stubFor(get(urlEqualTo("/v1/messages/batches/" + batchId)).willReturn(okJson(
                "{\"id\":\"" + batchId + "\",\"type\":\"message_batch\",\"processing_status\":\"in_progress\"}")));
        assertThat(provider.poll(batchId).phase()).isEqualTo(BatchState.Phase.RUNNING);

        // results_url on a foreign host is not followed: the key goes only to the configured host.
        stub.stubFor(get(urlEqualTo("/v1/messages/batches/" + batchId)).willReturn(okJson("""
                {"id":"%s","type":"message_batch","processing_status":"ended",
                 "request_counts":{"processing":0,"succeeded":1,"errored":1,"canceled":0,"expired":1},
                 "results_url":"https://elsewhere.example/v1/messages/batches/%s/results"}
                """.formatted(batchId, batchId))));
        stub.stubFor(get(urlEqualTo("/v1/messages/batches/" + batchId + "/results")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/binary").withBody("""
                {"custom_id":"a-1","result":{"type":"succeeded","message":{"id":"msg_014VwiXbi91y3JMjcpyGBHX5","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"Summary a"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":36}}}}
                {"custom_id":"b-2","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"Validation error"}}}}
                {"custom_id":"c-3","result":{"type":"expired"}}
                """)));

        BatchState state = provider.poll(batchId);
        assertThat(state.phase()).isEqualTo(BatchState.Phase.ENDED);
        Map<String, BatchOutcome> outcomes = provider.results(state).stream()
                .collect(Collectors.toMap(BatchOutcome::customId, Function.identity()));
        assertThat(outcomes.get("a-1").completion()).isEqualTo(new Completion("msg_014VwiXbi91y3JMjcpyGBHX5",
                "claude-sonnet-4-5-20250929", "Summary a", 11, 36));
        assertThat(outcomes.get("b-2").errorCode()).isEqualTo("invalid_request_error");
        assertThat(outcomes.get("b-2").expired()).isFalse();
        assertThat(outcomes.get("c-3").expired()).isTrue();
        LoggedRequest results = stub.findAll(getRequestedFor(
                urlEqualTo("/v1/messages/batches/" + batchId + "/results"))).get(0);
        assertThat(results.getHeader("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(results.getHeader("anthropic-version")).isEqualTo("2023-06-01");
    }
}
