package io.medsieve.llmcloud.provider;

/**
 * Where a provider batch stands.
 *
 * @param batchId      the provider's batch id
 * @param phase        running, or ended (including expired and cancelled: their results are still fetched)
 * @param outputFileId OpenAI/Azure: file with the successful lines, or null
 * @param errorFileId  OpenAI/Azure: file with the failed and expired lines, or null
 * @param resultsUrl   Anthropic: where the results JSONL is, or null
 */
public record BatchState(String batchId, Phase phase, String outputFileId, String errorFileId, String resultsUrl) {

    /** Provider status collapsed to what reconciliation needs. */
    public enum Phase {
        /** Validating, in progress, finalizing: poll again later. */
        RUNNING,
        /** Completed, expired or cancelled: fetch the results that exist, every other request is unanswered. */
        ENDED,
        /** The provider rejected the whole batch (e.g. validation failed): every request is retried. */
        FAILED
    }
}
