package io.medsieve.llmlocal.service;

import io.medsieve.events.AnalysisTask;

/**
 * One task's proposal before it is stored and published.
 *
 * @param task                  the analysis
 * @param output                the answer to store (plain text for a summary, JSON for structured tasks)
 * @param mediaType             its media type
 * @param promptTemplateId      template used for every model call of the task
 * @param promptTemplateVersion its version
 * @param inputDigest           SHA-256 of what the model received (for several calls: of their digests, in order)
 * @param modelCalls            calls made (more than one for a chunked document)
 * @param inputTokens           prompt tokens over all calls
 * @param outputTokens          answer tokens over all calls
 * @param latencyMillis         model time over all calls
 * @param modelVersion          the version the model reported, or the backend's
 * @param citationsChecked      structured items checked by the citation guard (0 for a summary)
 * @param citationsFailed       of those, the ones whose span did not hold their value
 */
public record AnalysisResult(
        AnalysisTask task,
        byte[] output,
        String mediaType,
        String promptTemplateId,
        String promptTemplateVersion,
        String inputDigest,
        int modelCalls,
        long inputTokens,
        long outputTokens,
        long latencyMillis,
        String modelVersion,
        int citationsChecked,
        int citationsFailed) {
}
