package io.medsieve.llmlocal.backend;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import io.medsieve.prompts.Prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * llama.cpp inside this JVM through {@code de.kherud:llama}, which bundles the native library. No network hop and no
 * extra process: the document never leaves the service's memory. The model's own chat template formats the prompt
 * (llama.cpp falls back to ChatML for a GGUF without one).
 *
 * <p>llama.cpp's log goes nowhere: its server loop can print prompt text at higher verbosity, and no document text may
 * reach a log. Timeouts are enforced between generated tokens; a timed-out generation is cancelled, freeing its slot.
 */
public final class LlamaCppBackend implements ModelBackend {

    public static final String PROVIDER = "llama.cpp";

    private final LlamaModel model;
    private final ModelInfo info;
    private final Duration timeout;
    private final float temperature;

    /**
     * Loads the GGUF file. {@code parallel} slots share the context, so each slot gets {@code contextSize} tokens.
     *
     * @throws BackendException if the file is missing or llama.cpp cannot load it
     */
    public LlamaCppBackend(Path modelPath, String modelId, int contextSize, int parallel, int threads, int gpuLayers,
                           Duration timeout, double temperature) {
        if (!Files.isRegularFile(modelPath)) {
            throw new BackendException("llm-local.model-missing", "The configured GGUF model file does not exist.",
                    false);
        }
        this.timeout = timeout;
        this.temperature = (float) temperature;
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
        });
        String version = "sha256:" + sha256(modelPath);
        try {
            this.model = new LlamaModel(new ModelParameters()
                    .setModel(modelPath.toString())
                    .setCtxSize(contextSize * parallel)
                    .setParallel(parallel)
                    .setThreads(threads)
                    .setGpuLayers(gpuLayers)
                    .disableLog());
        } catch (RuntimeException e) {
            throw new BackendException("llm-local.model-load-failed",
                    "llama.cpp could not load the configured GGUF model (" + e.getClass().getSimpleName() + ").",
                    false);
        }
        this.info = new ModelInfo(PROVIDER, modelId, version, contextSize);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int countTokens(String text) {
        return model.encode(text).length;
    }

    @Override
    public Generation generate(Prompt prompt, int maxOutputTokens, boolean jsonOutput) {
        return generate(prompt, maxOutputTokens, timeout);
    }

    /** As {@link #generate(Prompt, int, boolean)} with a timeout for this call only (tests). */
    Generation generate(Prompt prompt, int maxOutputTokens, Duration callTimeout) {
        long started = System.nanoTime();
        long deadline = started + callTimeout.toNanos();
        String templated = model.applyTemplate(new InferenceParameters("")
                .setMessages(prompt.system(), List.of(new Pair<>("user", prompt.user()))));
        int inputTokens = countTokens(templated);
        if (inputTokens + maxOutputTokens > info.contextTokens()) {
            throw new BackendException("llm-local.context-exceeded",
                    "The prompt does not fit the model's context window.", false);
        }
        InferenceParameters parameters = new InferenceParameters(templated)
                .setNPredict(maxOutputTokens)
                .setTemperature(temperature)
                .setCachePrompt(false);
        StringBuilder answer = new StringBuilder();
        long outputs = 0;
        LlamaIterator tokens = model.generate(parameters).iterator();
        try {
            while (tokens.hasNext()) {
                if (System.nanoTime() - deadline > 0) {
                    tokens.cancel();
                    throw new BackendException("llm-local.timeout",
                            "The model did not finish within " + callTimeout.toMillis() + " ms; the call was cancelled.",
                            true);
                }
                LlamaOutput output = tokens.next();
                answer.append(output.text);
                outputs++;
            }
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendException("llm-local.generation-failed",
                    "llama.cpp failed while generating (" + e.getClass().getSimpleName() + ").", true);
        }
        // One streamed output per sampled token, then a final one that only marks the stop.
        long outputTokens = Math.max(0, outputs - 1);
        return new Generation(answer.toString(), inputTokens, outputTokens,
                (System.nanoTime() - started) / 1_000_000, null);
    }

    @Override
    public void close() {
        model.close();
    }

    /** The weights' fingerprint: a model swapped under the same file name shows up as a new version. */
    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
