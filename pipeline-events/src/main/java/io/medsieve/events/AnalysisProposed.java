package io.medsieve.events;

import java.util.Objects;

/**
 * A model proposed an analysis. Always {@code PROPOSED}: it becomes final only through a {@link ReviewDecision}.
 *
 * @param task                  which analysis
 * @param output                claim-check for the model output (JSON for extraction)
 * @param route                 the route the analysis ran on
 * @param provider              {@code llama.cpp}, {@code openai}, ... ; the model's host
 * @param modelId               model identifier
 * @param modelVersion          model version or weights hash
 * @param promptTemplateId      prompt template identifier
 * @param promptTemplateVersion prompt template version
 * @param inputDigest           hex SHA-256 of exactly what the model received
 * @param latencyMillis         model latency
 * @param inputTokens           tokens sent
 * @param outputTokens          tokens received
 * @param status                always PROPOSED when emitted by a model stage
 */
public record AnalysisProposed(
        EventHeader header,
        AnalysisTask task,
        ContentRef output,
        Route route,
        String provider,
        String modelId,
        String modelVersion,
        String promptTemplateId,
        String promptTemplateVersion,
        String inputDigest,
        long latencyMillis,
        long inputTokens,
        long outputTokens,
        Status status) implements PipelineEvent {

    public static final String TYPE = "AnalysisProposed";
    public static final int SCHEMA_VERSION = 1;

    public AnalysisProposed {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(status, "status");
    }

    /** Lifecycle of a proposed analysis. */
    public enum Status {
        PROPOSED
    }
}
