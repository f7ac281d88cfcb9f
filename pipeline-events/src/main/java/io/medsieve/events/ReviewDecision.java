package io.medsieve.events;

import java.util.Objects;

/**
 * A reviewer approved, rejected or corrected a proposed analysis.
 *
 * @param analysisEventId eventId of the {@link AnalysisProposed} reviewed
 * @param reviewerId      the reviewer's subject id from the identity provider
 * @param decision        the outcome
 * @param corrections     claim-check for the corrected output, or null
 */
public record ReviewDecision(
        EventHeader header,
        String analysisEventId,
        String reviewerId,
        Decision decision,
        ContentRef corrections) implements PipelineEvent {

    public static final String TYPE = "ReviewDecision";
    public static final int SCHEMA_VERSION = 1;

    public ReviewDecision {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(analysisEventId, "analysisEventId");
        Objects.requireNonNull(reviewerId, "reviewerId");
        Objects.requireNonNull(decision, "decision");
    }

    /** Outcome of a review. */
    public enum Decision {
        APPROVED,
        REJECTED,
        CORRECTED
    }
}
