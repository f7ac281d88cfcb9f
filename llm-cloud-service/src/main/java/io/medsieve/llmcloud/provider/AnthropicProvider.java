package io.medsieve.llmcloud.provider;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.LogLevel;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import com.anthropic.models.messages.batches.MessageBatchResult;
import io.medsieve.prompts.ChatMessage;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Anthropic's Messages and Message Batches APIs through the official SDK ({@code com.anthropic:anthropic-java}):
 * {@code POST {base}/v1/messages} with {@code x-api-key} and {@code anthropic-version}, the instructions in the
 * top-level {@code system} field; batches as {@code POST /v1/messages/batches} with
 * {@code requests[{custom_id, params}]}, polled with {@code GET /v1/messages/batches/{id}} until
 * {@code processing_status} is {@code ended}, results as JSONL lines {@code {custom_id, result{type, message|error}}}.
 *
 * <p>Results are read from {@code GET {base}/v1/messages/batches/{id}/results}, the SDK's results endpoint, never
 * from the {@code results_url} a response names: that keeps the API key on the configured host whatever a response
 * says (the documented {@code results_url} is this same path on the API host).
 *
 * <p>The client is hardened like the OpenAI one: no SDK retries (the dispatcher's database-driven backoff and the
 * circuit breaker are the only retry policy), logging off whatever {@code ANTHROPIC_LOG} says, the SDK's
 * OpenTelemetry instrumentation off, no redirects, credentials only from configuration (never the environment or a
 * profile), the key in the documented {@code x-api-key} header. SDK exceptions are reduced to the HTTP status: their messages can quote response bodies.
 */
public final class AnthropicProvider implements CloudProvider {

    /** The API version this adapter is written against. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    /** Per call: a redirect would carry the key and the document to a host taken from a response. */
    private static final RequestOptions NO_REDIRECTS = RequestOptions.builder().followRedirects(false).build();

    private final String name;
    private final AnthropicClient client;

    public AnthropicProvider(String name, URI baseUrl, String apiKey, String version, Duration timeout) {
        this.name = name;
        String url = baseUrl.toString();
        Objects.requireNonNull(apiKey, "apiKey");
        this.client = AnthropicOkHttpClient.builder()
                .baseUrl(url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .apiKey(apiKey)
                // The SDK (3.12) sends a static key as "Authorization: Bearer" unless the request already carries
                // x-api-key; the Messages API documents x-api-key for API keys, so it is set here explicitly.
                .putHeader("x-api-key", apiKey)
                .replaceHeaders("anthropic-version", version == null ? DEFAULT_VERSION : version)
                .maxRetries(0)
                .timeout(timeout)
                .logLevel(LogLevel.OFF)
                .openTelemetry(false)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(ModelRequest request) {
        Message message = call("message create", () -> client.messages().create(params(request), NO_REDIRECTS));
        return completion(message);
    }

    @Override
    public String submitBatch(List<ModelRequest> requests) {
        BatchCreateParams.Builder batch = BatchCreateParams.builder();
        for (ModelRequest request : requests) {
            batch.addRequest(BatchCreateParams.Request.builder()
                    .customId(request.customId())
                    .params(batchParams(request))
                    .build());
        }
        return call("message batch create",
                () -> client.messages().batches().create(batch.build(), NO_REDIRECTS)).id();
    }

    @Override
    public BatchState poll(String batchId) {
        MessageBatch batch = call("message batch retrieve",
                () -> client.messages().batches().retrieve(batchId, NO_REDIRECTS));
        boolean ended = MessageBatch.ProcessingStatus.ENDED.equals(batch.processingStatus());
        return new BatchState(batchId, ended ? BatchState.Phase.ENDED : BatchState.Phase.RUNNING, null, null,
                batch.resultsUrl().orElse(null));
    }

    @Override
    public List<BatchOutcome> results(BatchState ended) {
        return call("message batch results", () -> {
            List<BatchOutcome> outcomes = new ArrayList<>();
            try (StreamResponse<MessageBatchIndividualResponse> lines =
                         client.messages().batches().resultsStreaming(ended.batchId(), NO_REDIRECTS)) {
                lines.stream().forEach(line -> outcomes.add(outcome(line)));
            }
            return outcomes;
        });
    }

    private static BatchOutcome outcome(MessageBatchIndividualResponse line) {
        String customId = line.customId();
        MessageBatchResult result = line.result();
        if (result.isSucceeded()) {
            return BatchOutcome.succeeded(customId, completion(result.asSucceeded().message()));
        }
        if (result.isExpired()) {
            return BatchOutcome.expiredBeforeRunning(customId);
        }
        if (result.isErrored()) {
            // error.error.type such as invalid_request_error or api_error; never its message
            return BatchOutcome.failed(customId, result.asErrored().error().error().type().asString());
        }
        return BatchOutcome.failed(customId, "canceled");
    }

    private static MessageCreateParams params(ModelRequest request) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(request.maxOutputTokens())
                .system(request.prompt().system());
        for (ChatMessage message : request.prompt().messages()) {
            if (message.role() == ChatMessage.Role.USER) {
                params.addUserMessage(message.content());
            }
        }
        return params.build();
    }

    private static BatchCreateParams.Request.Params batchParams(ModelRequest request) {
        BatchCreateParams.Request.Params.Builder params = BatchCreateParams.Request.Params.builder()
                .model(request.model())
                .maxTokens(request.maxOutputTokens())
                .system(request.prompt().system());
        for (ChatMessage message : request.prompt().messages()) {
            if (message.role() == ChatMessage.Role.USER) {
                params.addUserMessage(message.content());
            }
        }
        return params.build();
    }

    private static Completion completion(Message message) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            if (block.isText()) {
                text.append(block.asText().text());
            }
        }
        return new Completion(message.id(), message.model().asString(), text.toString(),
                message.usage().inputTokens(), message.usage().outputTokens());
    }

    /** Runs one SDK call; its failures become status-only {@link ProviderException}s. */
    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AnthropicServiceException e) {
            throw ProviderException.forStatus(operation, e.statusCode());
        } catch (AnthropicIoException e) {
            throw new ProviderException(operation + " failed: " + e.getClass().getSimpleName(), 0, true);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            // An unparseable response (or any other SDK failure): no message, it may quote the body.
            throw new ProviderException(operation + " failed: " + e.getClass().getSimpleName(), 200, true);
        }
    }
}
