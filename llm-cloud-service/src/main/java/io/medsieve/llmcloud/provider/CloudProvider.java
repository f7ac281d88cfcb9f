package io.medsieve.llmcloud.provider;

import java.util.List;

/**
 * One hosted provider's sync and batch APIs. Implementations speak the provider's documented wire format and throw
 * {@link ProviderException} (never with response bodies) on failure. They are called only with text the egress guard
 * has passed.
 */
public interface CloudProvider {

    /** Provider name as recorded on {@code AnalysisProposed.provider}. */
    String name();

    /** One synchronous call. */
    Completion complete(ModelRequest request);

    /** Submits requests as one batch and returns the provider's batch id. */
    String submitBatch(List<ModelRequest> requests);

    /** The batch's current state. */
    BatchState poll(String batchId);

    /** The per-request results of an ended batch (requests without a line are treated as unanswered). */
    List<BatchOutcome> results(BatchState ended);
}
