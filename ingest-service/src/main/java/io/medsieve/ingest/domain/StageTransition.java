package io.medsieve.ingest.domain;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.ReviewDecision;
import io.medsieve.events.Route;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;

import java.util.Optional;

/**
 * What a pipeline event says about a document's progress in one stage.
 *
 * @param detail short PHI-free detail: a route, a task, a failure reason code
 */
public record StageTransition(Stage stage, StageState state, String detail) {

    /** The transition an event announces, if it announces one. */
    public static Optional<StageTransition> of(PipelineEvent event) {
        return switch (event) {
            case DocumentIngested ignored -> completed(Stage.INGEST, null);
            case DocumentExtracted extracted -> completed(Stage.OCR,
                    extracted.lowConfidencePages().isEmpty() ? null
                            : "low-confidence pages: " + extracted.lowConfidencePages().size());
            case DocumentRedacted ignored -> completed(Stage.REDACTION, null);
            case DocumentRouted routed -> completed(Stage.ROUTER, routed.route().name());
            // A review packet comes from llm-local (HUMAN_ONLY route, no model call): it is not a cloud result.
            case AnalysisProposed analysis when analysis.status() == AnalysisProposed.Status.REVIEW_PACKET ->
                    completed(Stage.LLM_LOCAL, "review packet for " + analysis.task().name());
            case AnalysisProposed analysis -> completed(
                    analysis.route() == Route.LOCAL ? Stage.LLM_LOCAL : Stage.LLM_CLOUD, analysis.task().name());
            case ReviewDecision review -> completed(Stage.REVIEW, review.decision().name());
            case StageFailed failed -> Optional.of(new StageTransition(failed.stage(), StageState.FAILED,
                    failed.reasonCode()));
            case SecurityEvent ignored -> Optional.empty();
        };
    }

    private static Optional<StageTransition> completed(Stage stage, String detail) {
        return Optional.of(new StageTransition(stage, StageState.COMPLETED, detail));
    }
}
