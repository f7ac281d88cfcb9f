package io.medsieve.llmlocal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the local stage reaches its model. Exactly one backend runs; with none configured the stage still starts, says
 * so at start and in readiness, and sends every LOCAL document to human review rather than pretending to analyse it.
 */
@ConfigMapping(prefix = "medsieve.llm-local")
public interface LocalConfig {

    /** {@code none}, {@code llama-cpp} (in process) or {@code openai-compatible} (a server on the local network). */
    @WithDefault("none")
    BackendKind backend();

    LlamaCpp llamaCpp();

    OpenAiCompatible openaiCompatible();

    Generation generation();

    Extraction extraction();

    ReviewPackets reviewPackets();

    /** Where the processed-set (the ids of analyses already published) lives, so a redelivery never reruns a model. */
    String stateDirectory();

    /** Which backend serves the stage. */
    enum BackendKind {
        NONE,
        LLAMA_CPP,
        OPENAI_COMPATIBLE
    }

    /** llama.cpp inside this JVM. */
    interface LlamaCpp {

        /** Path of the GGUF weights; unset means no model. */
        Optional<String> modelPath();

        /** Context window to allocate (tokens); prompt plus answer must fit, longer documents are chunked. */
        @WithDefault("8192")
        int contextSize();

        /** CPU threads llama.cpp uses per generation. */
        @WithDefault("2")
        int threads();

        /** Layers to offload to a GPU when the native library has one; 0 = CPU only. */
        @WithDefault("0")
        int gpuLayers();

        /** Name recorded as modelId; defaults to the file name. */
        Optional<String> modelId();
    }

    /** An OpenAI-compatible server (Ollama, vLLM, llama.cpp server) on the local network. */
    interface OpenAiCompatible {

        /** API root including {@code /v1}, e.g. {@code http://ollama.internal:11434/v1}; unset means no server. */
        Optional<URI> baseUrl();

        /** The model name the server knows, e.g. {@code llama3.1:8b}. */
        Optional<String> model();

        /** Bearer key if the server wants one (vLLM {@code --api-key}); from the environment, never a file. */
        Optional<String> apiKey();

        /** Context window of the served model, for chunking. */
        @WithDefault("8192")
        int contextSize();

        /**
         * Characters per token used to estimate prompt size (the OpenAI API has no tokenizer endpoint). Low on
         * purpose: over-estimating only makes chunks smaller.
         */
        @WithDefault("3")
        int charsPerToken();
    }

    /** Limits shared by both backends. */
    interface Generation {

        /** Generations running at once in this instance; more wait for a slot. */
        @WithDefault("1")
        int maxConcurrent();

        /** How long a generation may wait for a free slot before the task fails as busy (retryable). */
        @WithDefault("10m")
        Duration queueTimeout();

        /** Longest one model call may take; the call is cancelled after it. */
        @WithDefault("5m")
        Duration timeout();

        /** Tokens the model may write per call. */
        @WithDefault("1024")
        int maxOutputTokens();

        @WithDefault("0.0")
        double temperature();
    }

    /** Post-checks of structured answers. */
    interface Extraction {

        /** What the citation guard does with an item whose cited span does not hold its value. */
        @WithDefault("drop")
        GuardMode citationGuard();
    }

    /**
     * HUMAN_ONLY documents. Off by default: such a document then passes this stage untouched. A deployment whose
     * policy asks for it turns packets on, and the stage prepares a review packet for each one without any model
     * call (it needs no model, so it works with {@code backend=none} too). One switch per deployment: a tenant that
     * needs another setting runs its own llm-local deployment, like it runs its own model.
     */
    interface ReviewPackets {

        @WithDefault("false")
        boolean enabled();
    }

    /** Drop unsupported items, or keep them and list them as flagged. */
    enum GuardMode {
        DROP,
        FLAG
    }
}
