package io.medsieve.llmlocal.backend;

/**
 * One model answer.
 *
 * @param text          the answer
 * @param inputTokens   prompt tokens as the model counted them
 * @param outputTokens  answer tokens
 * @param latencyMillis wall time of the call
 * @param modelVersion  the version the model reported for this call, or null to keep the backend's
 */
public record Generation(String text, long inputTokens, long outputTokens, long latencyMillis, String modelVersion) {
}
