package io.medsieve.llmlocal.backend;

import io.medsieve.prompts.Prompt;

/**
 * One way of running a model, chosen by configuration: llama.cpp inside this JVM, or an OpenAI-compatible server on
 * the local network. The analysis code sees only this, so both backends chunk, validate and cite identically.
 */
public interface ModelBackend extends AutoCloseable {

    /** What is answering, recorded on every proposal. */
    ModelInfo info();

    /** Tokens {@code text} takes in this model's vocabulary (exact or a safe over-estimate), for chunking. */
    int countTokens(String text);

    /**
     * Runs one chat prompt.
     *
     * @param maxOutputTokens tokens the model may write
     * @param jsonOutput      whether the answer must be one JSON object (servers that can enforce it are told so)
     * @throws BackendException with a fixed code and a message without document content
     */
    Generation generate(Prompt prompt, int maxOutputTokens, boolean jsonOutput);

    @Override
    default void close() {
    }
}
