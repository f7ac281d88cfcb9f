package io.medsieve.llmlocal.backend;

import java.util.Objects;

/**
 * The model behind a backend, as recorded on each AnalysisProposed.
 *
 * @param provider      {@code llama.cpp} or {@code openai-compatible}
 * @param modelId       the model's name
 * @param modelVersion  weights hash (llama.cpp: SHA-256 of the GGUF file) or the version the server reports
 * @param contextTokens the context window prompts and answers must fit in
 */
public record ModelInfo(String provider, String modelId, String modelVersion, int contextTokens) {

    public ModelInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (contextTokens < 1) {
            throw new IllegalArgumentException("contextTokens must be >= 1");
        }
    }
}
