package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.prompts.ChatMessage;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * OpenAI's Chat Completions and Batch APIs, and Azure OpenAI's deployment-based variant of the same wire format.
 *
 * <p>OpenAI: {@code POST {base}/chat/completions} with {@code Authorization: Bearer}; batch = upload a JSONL file
 * ({@code POST /files}, purpose {@code batch}) whose lines are {@code {custom_id, method, url, body}}, then
 * {@code POST /batches} with {@code input_file_id}, {@code endpoint} and {@code completion_window: 24h}, poll
 * {@code GET /batches/{id}}, download {@code GET /files/{id}/content} for the output and error files.
 *
 * <p>Azure OpenAI: the same bodies under {@code {endpoint}/openai/deployments/{deployment}/chat/completions} and
 * {@code {endpoint}/openai/files|batches}, every URL with {@code ?api-version=}, the key in an {@code api-key}
 * header, batch lines with {@code url: /chat/completions} and the deployment as {@code model}.
 */
public final class OpenAiProvider implements CloudProvider {

    /** Which of the two hosts this adapter talks to. */
    public enum Dialect { OPENAI, AZURE }

    private final String name;
    private final Dialect dialect;
    private final String base;
    private final String apiKey;
    private final String apiVersion;
    private final HttpJson http;

    public OpenAiProvider(String name, Dialect dialect, URI baseUrl, String apiKey, String apiVersion,
                          Duration timeout) {
        this.name = name;
        this.dialect = dialect;
        this.base = stripSlash(baseUrl.toString());
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.apiVersion = dialect == Dialect.AZURE ? Objects.requireNonNull(apiVersion, "Azure needs an api-version")
                : apiVersion;
        this.http = new HttpJson(timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(ModelRequest request) {
        URI uri = dialect == Dialect.AZURE
                ? uri("/openai/deployments/" + request.model() + "/chat/completions")
                : uri("/chat/completions");
        return completion(http.postJson("chat completion", uri, auth(), body(request)));
    }

    @Override
    public String submitBatch(List<ModelRequest> requests) {
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        String endpoint = dialect == Dialect.AZURE ? "/chat/completions" : "/v1/chat/completions";
        for (ModelRequest request : requests) {
            ObjectNode line = HttpJson.JSON.createObjectNode();
            line.put("custom_id", request.customId());
            line.put("method", "POST");
            line.put("url", endpoint);
            line.set("body", body(request));
            jsonl.writeBytes(HttpJson.write(line));
            jsonl.write('\n');
        }
        String boundary = "medsieve-" + UUID.randomUUID();
        JsonNode file = http.post("batch file upload", uri(prefix() + "/files"), auth(),
                "multipart/form-data; boundary=" + boundary, multipart(boundary, jsonl.toByteArray()));
        ObjectNode create = HttpJson.JSON.createObjectNode();
        create.put("input_file_id", HttpJson.text(file, "id"));
        create.put("endpoint", endpoint);
        create.put("completion_window", "24h");
        JsonNode batch = http.postJson("batch create", uri(prefix() + "/batches"), auth(), create);
        return HttpJson.text(batch, "id");
    }

    @Override
    public BatchState poll(String batchId) {
        JsonNode batch = http.getJson("batch retrieve", uri(prefix() + "/batches/" + batchId), auth());
        String status = HttpJson.text(batch, "status");
        BatchState.Phase phase = switch (status == null ? "" : status) {
            case "completed", "expired", "cancelled" -> BatchState.Phase.ENDED;
            case "failed" -> BatchState.Phase.FAILED;
            default -> BatchState.Phase.RUNNING; // validating, in_progress, finalizing, cancelling
        };
        return new BatchState(batchId, phase, HttpJson.text(batch, "output_file_id"),
                HttpJson.text(batch, "error_file_id"), null);
    }

    @Override
    public List<BatchOutcome> results(BatchState ended) {
        List<BatchOutcome> outcomes = new ArrayList<>();
        for (String fileId : new String[] {ended.outputFileId(), ended.errorFileId()}) {
            if (fileId == null) {
                continue;
            }
            for (JsonNode line : http.getJsonLines("batch results download",
                    uri(prefix() + "/files/" + fileId + "/content"), auth())) {
                outcomes.add(outcome(line));
            }
        }
        return outcomes;
    }

    private static BatchOutcome outcome(JsonNode line) {
        String customId = HttpJson.text(line, "custom_id");
        JsonNode error = line.path("error");
        JsonNode response = line.path("response");
        if (!error.isMissingNode() && !error.isNull()) {
            String code = HttpJson.text(error, "code");
            return "batch_expired".equals(code) ? BatchOutcome.expiredBeforeRunning(customId)
                    : BatchOutcome.failed(customId, code == null ? "error" : code);
        }
        int status = response.path("status_code").asInt(0);
        if (status / 100 != 2) {
            String code = HttpJson.text(response.path("body").path("error"), "code");
            return BatchOutcome.failed(customId, code == null ? "http-" + status : code);
        }
        return BatchOutcome.succeeded(customId, completion(response.path("body")));
    }

    private ObjectNode body(ModelRequest request) {
        ObjectNode body = HttpJson.JSON.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.prompt().messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        body.put("max_completion_tokens", request.maxOutputTokens());
        if (request.jsonOutput()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private static Completion completion(JsonNode body) {
        JsonNode usage = body.path("usage");
        return new Completion(HttpJson.text(body, "id"), HttpJson.text(body, "model"),
                HttpJson.text(body.path("choices").path(0).path("message"), "content"),
                usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }

    private Map<String, String> auth() {
        return dialect == Dialect.AZURE ? Map.of("api-key", apiKey) : Map.of("authorization", "Bearer " + apiKey);
    }

    private String prefix() {
        return dialect == Dialect.AZURE ? "/openai" : "";
    }

    private URI uri(String path) {
        return URI.create(base + path + (dialect == Dialect.AZURE ? "?api-version=" + apiVersion : ""));
    }

    private static byte[] multipart(String boundary, byte[] jsonl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(jsonl);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
