package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.prompts.ChatMessage;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Anthropic's Messages and Message Batches APIs: {@code POST {base}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}, the instructions in the top-level {@code system} field; batches as
 * {@code POST /v1/messages/batches} with {@code requests[{custom_id, params}]}, polled until
 * {@code processing_status} is {@code ended}, results as JSONL lines {@code {custom_id, result{type, message|error}}}.
 */
public final class AnthropicProvider implements CloudProvider {

    /** The API version this adapter is written against. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final String name;
    private final String base;
    private final String apiKey;
    private final String version;
    private final HttpJson http;

    public AnthropicProvider(String name, URI baseUrl, String apiKey, String version, Duration timeout) {
        this.name = name;
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.version = version == null ? DEFAULT_VERSION : version;
        this.http = new HttpJson(timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(ModelRequest request) {
        return completion(http.postJson("message create", URI.create(base + "/v1/messages"), headers(),
                params(request)));
    }

    @Override
    public String submitBatch(List<ModelRequest> requests) {
        ObjectNode body = HttpJson.JSON.createObjectNode();
        ArrayNode list = body.putArray("requests");
        for (ModelRequest request : requests) {
            ObjectNode entry = list.addObject();
            entry.put("custom_id", request.customId());
            entry.set("params", params(request));
        }
        JsonNode batch = http.postJson("message batch create", URI.create(base + "/v1/messages/batches"),
                headers(), body);
        return HttpJson.text(batch, "id");
    }

    @Override
    public BatchState poll(String batchId) {
        JsonNode batch = http.getJson("message batch retrieve",
                URI.create(base + "/v1/messages/batches/" + batchId), headers());
        boolean ended = "ended".equals(HttpJson.text(batch, "processing_status"));
        return new BatchState(batchId, ended ? BatchState.Phase.ENDED : BatchState.Phase.RUNNING, null, null,
                HttpJson.text(batch, "results_url"));
    }

    @Override
    public List<BatchOutcome> results(BatchState ended) {
        List<BatchOutcome> outcomes = new ArrayList<>();
        for (JsonNode line : http.getJsonLines("message batch results", resultsUri(ended), headers())) {
            String customId = HttpJson.text(line, "custom_id");
            JsonNode result = line.path("result");
            String type = HttpJson.text(result, "type");
            if ("succeeded".equals(type)) {
                outcomes.add(BatchOutcome.succeeded(customId, completion(result.path("message"))));
            } else if ("expired".equals(type)) {
                outcomes.add(BatchOutcome.expiredBeforeRunning(customId));
            } else {
                // errored (error.error.type such as invalid_request_error or api_error) or canceled
                String code = HttpJson.text(result.path("error").path("error"), "type");
                outcomes.add(BatchOutcome.failed(customId, code == null ? String.valueOf(type) : code));
            }
        }
        return outcomes;
    }

    /**
     * The documented {@code results_url} when it is on the configured host; otherwise the documented path under it,
     * so the API key is never sent to a host taken from a response.
     */
    private URI resultsUri(BatchState ended) {
        String url = ended.resultsUrl();
        if (url != null && url.startsWith(base + "/")) {
            return URI.create(url);
        }
        return URI.create(base + "/v1/messages/batches/" + ended.batchId() + "/results");
    }

    private ObjectNode params(ModelRequest request) {
        ObjectNode params = HttpJson.JSON.createObjectNode();
        params.put("model", request.model());
        params.put("max_tokens", request.maxOutputTokens());
        params.put("system", request.prompt().system());
        ArrayNode messages = params.putArray("messages");
        for (ChatMessage message : request.prompt().messages()) {
            if (message.role() == ChatMessage.Role.USER) {
                messages.addObject().put("role", "user").put("content", message.content());
            }
        }
        return params;
    }

    private static Completion completion(JsonNode message) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("content")) {
            if ("text".equals(HttpJson.text(block, "type"))) {
                text.append(block.path("text").asText());
            }
        }
        JsonNode usage = message.path("usage");
        return new Completion(HttpJson.text(message, "id"), HttpJson.text(message, "model"), text.toString(),
                usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0));
    }

    private Map<String, String> headers() {
        return Map.of("x-api-key", apiKey, "anthropic-version", version);
    }
}
