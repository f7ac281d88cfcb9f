package io.medsieve.llmlocal.backend;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import io.medsieve.prompts.ChatMessage;
import io.medsieve.prompts.Prompt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * An OpenAI-compatible chat completions server on the local network (Ollama, vLLM, llama.cpp's server), through
 * OpenAI's own Java client pointed at the server's base URL. Only {@code POST /chat/completions} with the fields every
 * such server implements is used: model, messages (system, then user), max_tokens, temperature, and
 * {@code response_format: json_object} for JSON tasks.
 *
 * <p>The client's retries are off: the stage has its own failure handling, and a retried timeout would double the
 * load on a busy local GPU. Errors are mapped to fixed codes; a server's error body can quote the prompt, so it is
 * never logged nor put in a message.
 */
public final class OpenAiCompatibleBackend implements ModelBackend {

    public static final String PROVIDER = "openai-compatible";

    private final OpenAIClient client;
    private final ModelInfo info;
    private final int charsPerToken;
    private final double temperature;

    public OpenAiCompatibleBackend(URI baseUrl, String model, Optional<String> apiKey, int contextSize,
                                   int charsPerToken, Duration timeout, double temperature) {
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl.toString())
                // Local servers mostly take no key; the client insists on one, and they ignore it.
                .apiKey(apiKey.filter(key -> !key.isBlank()).orElse("no-key"))
                .timeout(timeout)
                .maxRetries(0)
                .build();
        this.info = new ModelInfo(PROVIDER, model, model, contextSize);
        this.charsPerToken = Math.max(1, charsPerToken);
        this.temperature = temperature;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** An over-estimate from the UTF-8 length: the API has no tokenizer endpoint. */
    @Override
    public int countTokens(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + charsPerToken - 1) / charsPerToken;
    }

    @Override
    @SuppressWarnings("deprecation") // max_tokens: deprecated at OpenAI, but the field Ollama, vLLM and llama.cpp read
    public Generation generate(Prompt prompt, int maxOutputTokens, boolean jsonOutput) {
        ChatCompletionCreateParams.Builder request = ChatCompletionCreateParams.builder().model(info.modelId());
        for (ChatMessage message : prompt.messages()) {
            switch (message.role()) {
                case SYSTEM -> request.addSystemMessage(message.content());
                case USER -> request.addUserMessage(message.content());
            }
        }
        request.maxTokens(maxOutputTokens).temperature(temperature);
        if (jsonOutput) {
            request.responseFormat(ResponseFormatJsonObject.builder().build());
        }
        long started = System.nanoTime();
        ChatCompletion completion;
        try {
            completion = client.chat().completions().create(request.build());
        } catch (OpenAIServiceException e) {
            int status = e.statusCode();
            throw new BackendException("llm-local.server-http-" + status,
                    "The model server answered HTTP " + status + ".", status == 408 || status == 429 || status >= 500);
        } catch (OpenAIIoException e) {
            boolean timedOut = e.getCause() instanceof java.io.InterruptedIOException;
            throw new BackendException(timedOut ? "llm-local.timeout" : "llm-local.server-unreachable",
                    timedOut ? "The model server did not answer within the timeout."
                            : "The model server could not be reached.", true);
        } catch (RuntimeException e) {
            throw new BackendException("llm-local.server-invalid-response",
                    "The model server's answer was not a chat completion (" + e.getClass().getSimpleName() + ").",
                    true);
        }
        long latency = (System.nanoTime() - started) / 1_000_000;
        try {
            String text = completion.choices().isEmpty() ? ""
                    : completion.choices().get(0).message().content().orElse("");
            Optional<CompletionUsage> usage = completion.usage();
            return new Generation(text, usage.map(CompletionUsage::promptTokens).orElse(0L),
                    usage.map(CompletionUsage::completionTokens).orElse(0L), latency, completion.model());
        } catch (RuntimeException e) {
            throw new BackendException("llm-local.server-invalid-response",
                    "The model server's answer lacked a documented field (" + e.getClass().getSimpleName() + ").",
                    true);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
