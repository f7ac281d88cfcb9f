package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.LogLevel;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import io.medsieve.prompts.ChatMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * OpenAI's Chat Completions and Batch APIs, and Azure OpenAI's deployment-based variant of the same wire format,
 * through the official SDK ({@code com.openai:openai-java}).
 *
 * <p>OpenAI: {@code POST {base}/chat/completions} with {@code Authorization: Bearer}; batch = upload a JSONL file
 * ({@code POST /files}, purpose {@code batch}) whose lines are {@code {custom_id, method, url, body}}, then
 * {@code POST /batches} with {@code input_file_id}, {@code endpoint} and {@code completion_window: 24h}, poll
 * {@code GET /batches/{id}}, download {@code GET /files/{id}/content} for the output and error files.
 *
 * <p>Azure OpenAI: the same bodies under {@code {endpoint}/openai/deployments/{deployment}/chat/completions} and
 * {@code {endpoint}/openai/files|batches}, every URL with {@code ?api-version=}, the key in an {@code api-key}
 * header, batch lines with {@code url: /chat/completions} and the deployment as {@code model}.
 *
 * <p>The SDK client is configured so that it adds nothing the stage does not own: no retries (the dispatcher's
 * database-driven backoff and the circuit breaker are the only retry policy), logging off whatever
 * {@code OPENAI_LOG} says (bodies would be PHI-adjacent), telemetry off. Its exceptions are reduced to the HTTP status:
 * their messages can quote response bodies. The batch JSONL lines are built and parsed here, because their format is
 * the batch API's, not a typed SDK model.
 */
public final class OpenAiProvider implements CloudProvider {

    /** Which of the two hosts this adapter talks to. */
    public enum Dialect { OPENAI, AZURE }

    private final String name;
    private final Dialect dialect;
    private final OpenAIClient client;

    public OpenAiProvider(String name, Dialect dialect, URI baseUrl, String apiKey, String apiVersion,
                          Duration timeout) {
        this.name = name;
        this.dialect = dialect;
        Objects.requireNonNull(apiKey, "apiKey");
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .maxRetries(0)
                .timeout(timeout)
                .logLevel(LogLevel.OFF)
                .disableTelemetry(true)
                .followRedirects(false);
        if (dialect == Dialect.AZURE) {
            builder.baseUrl(stripSlash(baseUrl.toString()))
                    .credential(AzureApiKeyCredential.create(apiKey))
                    .azureServiceVersion(AzureOpenAIServiceVersion.fromString(
                            Objects.requireNonNull(apiVersion, "Azure needs an api-version")))
                    .azureUrlPathMode(AzureUrlPathMode.LEGACY);
        } else {
            builder.baseUrl(stripSlash(baseUrl.toString())).apiKey(apiKey);
        }
        this.client = builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(ModelRequest request) {
        ChatCompletion completion = call("chat completion", () -> client.chat().completions().create(params(request)));
        return completion(completion);
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
        FileObject file = call("batch file upload", () -> client.files().create(FileCreateParams.builder()
                .file(MultipartField.<InputStream>builder()
                        .value(new ByteArrayInputStream(jsonl.toByteArray()))
                        .filename("batch.jsonl")
                        .contentType("application/jsonl")
                        .build())
                .purpose(FilePurpose.BATCH)
                .build()));
        Batch batch = call("batch create", () -> client.batches().create(BatchCreateParams.builder()
                .inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.of(endpoint))
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build()));
        return batch.id();
    }

    @Override
    public BatchState poll(String batchId) {
        Batch batch = call("batch retrieve", () -> client.batches().retrieve(batchId));
        String status = batch.status().asString();
        BatchState.Phase phase = switch (status) {
            case "completed", "expired", "cancelled" -> BatchState.Phase.ENDED;
            case "failed" -> BatchState.Phase.FAILED;
            default -> BatchState.Phase.RUNNING; // validating, in_progress, finalizing, cancelling
        };
        return new BatchState(batchId, phase, batch.outputFileId().orElse(null), batch.errorFileId().orElse(null),
                null);
    }

    @Override
    public List<BatchOutcome> results(BatchState ended) {
        List<BatchOutcome> outcomes = new ArrayList<>();
        for (String fileId : new String[] {ended.outputFileId(), ended.errorFileId()}) {
            if (fileId == null) {
                continue;
            }
            String text = call("batch results download", () -> {
                try (HttpResponse response = client.files().content(fileId)) {
                    return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ProviderException("batch results download failed: " + e.getClass().getSimpleName(),
                            0, true);
                }
            });
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    outcomes.add(outcome(HttpJson.parseLine("batch results download", line)));
                }
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

    private static ChatCompletionCreateParams params(ModelRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model())
                .maxCompletionTokens(request.maxOutputTokens());
        for (ChatMessage message : request.prompt().messages()) {
            switch (message.role()) {
                case SYSTEM -> params.addSystemMessage(message.content());
                case USER -> params.addUserMessage(message.content());
            }
        }
        if (request.jsonOutput()) {
            params.responseFormat(ResponseFormatJsonObject.builder().build());
        }
        return params.build();
    }

    private static Completion completion(ChatCompletion completion) {
        String text = completion.choices().isEmpty() ? null
                : completion.choices().get(0).message().content().orElse(null);
        CompletionUsage usage = completion.usage().orElse(null);
        return new Completion(completion.id(), completion.model(), text,
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens());
    }

    /** Runs one SDK call; its failures become status-only {@link ProviderException}s. */
    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (OpenAIServiceException e) {
            throw ProviderException.forStatus(operation, e.statusCode());
        } catch (OpenAIIoException e) {
            throw new ProviderException(operation + " failed: " + e.getClass().getSimpleName(), 0, true);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            // An unparseable response (or any other SDK failure): no message, it may quote the body.
            throw new ProviderException(operation + " failed: " + e.getClass().getSimpleName(), 200, true);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
