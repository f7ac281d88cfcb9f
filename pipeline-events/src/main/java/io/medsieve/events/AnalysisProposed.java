package io.medsieve.events;

import java.util.Objects;

/**
 * A model proposed an analysis ({@code PROPOSED}: it becomes final only through a {@link ReviewDecision}), or a stage
 * prepared a review packet for a HUMAN_ONLY document without calling any model ({@code REVIEW_PACKET}). A packet says
 * so in the event itself: route HUMAN_ONLY, every model field null and every count zero, so review and audit never
 * mistake it for a model's answer.
 *
 * @param task                  which analysis
 * @param output                claim-check for the model output (JSON for extraction), or for the review packet
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
 * @param status                PROPOSED when a model ran; REVIEW_PACKET when none did (model fields null, counts 0)
 * @param cloudCall             the hosted provider's request and batch ids and estimated cost; null for local models
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
        Status status,
        CloudCall cloudCall) implements PipelineEvent {

    public static final String TYPE = "AnalysisProposed";
    public static final int SCHEMA_VERSION = 1;

    public AnalysisProposed {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(status, "status");
    }

    /**
     * What a hosted provider call cost and how to find it in the provider's own records, for metering and audit.
     *
     * @param requestId           the provider's request or response id
     * @param batchId             the provider's batch id when the call went through a batch API, else null
     * @param estimatedCostMicros estimated cost in millionths of the currency unit, from the configured price table
     * @param currency            ISO 4217 code of that cost
     */
    public record CloudCall(String requestId, String batchId, long estimatedCostMicros, String currency) {

        public CloudCall {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(currency, "currency");
        }
    }

    /** What the output is. */
    public enum Status {
        /** A model's answer awaiting review. */
        PROPOSED,
        /** No model ran: the output is a review packet (what a reviewer needs to start), for a HUMAN_ONLY document. */
        REVIEW_PACKET
    }
}
