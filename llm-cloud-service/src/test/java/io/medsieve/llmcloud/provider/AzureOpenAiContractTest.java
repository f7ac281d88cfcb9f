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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure OpenAI's documented wire format (learn.microsoft.com: Azure OpenAI REST reference, chat completions, and
 * "Getting started with Azure OpenAI global batch deployments"): deployment-based URLs, {@code api-version} on every
 * call, {@code api-key} header.
 */
class AzureOpenAiContractTest {

    private static final String VERSION = "2024-10-21";

    private WireMockServer stub;
    private OpenAiProvider provider;

    @BeforeEach
    void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        provider = new OpenAiProvider("azure-openai", OpenAiProvider.Dialect.AZURE, URI.create(stub.baseUrl()),
                "azure-test-key", VERSION, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    @Test
    void chatCompletionOnADeployment() {
        String path = "/openai/deployments/gpt-4o-mini-eu/chat/completions?api-version=" + VERSION;
        stub.stubFor(post(urlEqualTo(path)).willReturn(okJson("""
                {"id":"chatcmpl-AZURE1","object":"chat.completion","created":1679072642,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Summary."}}],
                 "usage":{"prompt_tokens":58,"completion_tokens":68,"total_tokens":126}}
                """)));

        Completion completion = provider.complete(ContractFixtures.request("r-1", AnalysisTask.SUMMARY,
                "gpt-4o-mini-eu"));

        LoggedRequest sent = stub.findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(sent.getHeader("api-key")).isEqualTo("azure-test-key");
        assertThat(sent.containsHeader("Authorization")).isFalse();
        assertThat(sent.queryParameter("api-version").firstValue()).isEqualTo(VERSION);
        JsonNode body = ContractFixtures.body(sent);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(completion).isEqualTo(new Completion("chatcmpl-AZURE1", "gpt-4o-mini", "Summary.", 58, 68));
    }

    @Test
    void globalBatchWithExpiry() {
        stub.stubFor(post(urlEqualTo("/openai/files?api-version=" + VERSION)).willReturn(okJson("""
                {"status":"processed","bytes":817,"purpose":"batch","filename":"batch.jsonl",
                 "id":"file-9f3a81d899b4442f98b640e4bc3535dd","created_at":1721408291,"object":"file"}
                """)));
        stub.stubFor(post(urlEqualTo("/openai/batches?api-version=" + VERSION)).willReturn(okJson("""
                {"id":"batch_6caaf24d-54a5-46be-b1b7-518884fcbdde","object":"batch","endpoint":"/chat/completions",
                 "status":"validating","input_file_id":"file-9f3a81d899b4442f98b640e4bc3535dd",
                 "completion_window":"24h","output_file_id":null,"error_file_id":null}
                """)));
        stub.stubFor(get(urlEqualTo("/openai/batches/batch_6caaf24d-54a5-46be-b1b7-518884fcbdde?api-version=" + VERSION))
                .willReturn(okJson("""
                {"id":"batch_6caaf24d-54a5-46be-b1b7-518884fcbdde","object":"batch","status":"expired",
                 "output_file_id":"file-out","error_file_id":"file-err"}
                """)));
        stub.stubFor(get(urlEqualTo("/openai/files/file-out/content?api-version=" + VERSION)).willReturn(aResponse()
                .withStatus(200).withBody("""
                {"custom_id":"a-1","response":{"body":{"id":"chatcmpl-A1","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Summary a"}}],"usage":{"completion_tokens":3,"prompt_tokens":20,"total_tokens":23}},"request_id":"6a3d2d1d","status_code":200},"error":null}
                """)));
        stub.stubFor(get(urlEqualTo("/openai/files/file-err/content?api-version=" + VERSION)).willReturn(aResponse()
                .withStatus(200).withBody("""
                {"custom_id":"b-2","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}
                """)));

        String batchId = provider.submitBatch(List.of(
                ContractFixtures.request("a-1", AnalysisTask.SUMMARY, "gpt-4o-mini-batch"),
                ContractFixtures.request("b-2", AnalysisTask.CODING, "gpt-4o-mini-batch")));

        LoggedRequest upload = stub.findAll(postRequestedFor(urlEqualTo("/openai/files?api-version=" + VERSION))).get(0);
        assertThat(upload.getHeader("api-key")).isEqualTo("azure-test-key");
        assertThat(ContractFixtures.formField(upload, "purpose")).isEqualTo("batch");
        for (JsonNode line : ContractFixtures.jsonlPart(upload)) {
            assertThat(line.path("method").asText()).isEqualTo("POST");
            assertThat(line.path("url").asText()).isEqualTo("/chat/completions");
            // Global batch: the deployment name goes in body.model.
            assertThat(line.path("body").path("model").asText()).isEqualTo("gpt-4o-mini-batch");
        }
        JsonNode create = ContractFixtures.body(stub.findAll(
                postRequestedFor(urlEqualTo("/openai/batches?api-version=" + VERSION))).get(0));
        assertThat(create.path("input_file_id").asText()).isEqualTo("file-9f3a81d899b4442f98b640e4bc3535dd");
        assertThat(create.path("endpoint").asText()).isEqualTo("/chat/completions");
        assertThat(create.path("completion_window").asText()).isEqualTo("24h");

        BatchState state = provider.poll(batchId);
        assertThat(state.phase()).isEqualTo(BatchState.Phase.ENDED);
        List<BatchOutcome> outcomes = provider.results(state);
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).customId()).isEqualTo("a-1");
        assertThat(outcomes.get(0).completion().text()).isEqualTo("Summary a");
        assertThat(outcomes.get(1).customId()).isEqualTo("b-2");
        assertThat(outcomes.get(1).expired()).isTrue();
        stub.verify(getRequestedFor(urlEqualTo("/openai/files/file-err/content?api-version=" + VERSION)));
    }
}
