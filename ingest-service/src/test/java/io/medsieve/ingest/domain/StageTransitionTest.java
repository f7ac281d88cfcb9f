package io.medsieve.ingest.domain;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Producer;
import io.medsieve.events.Route;
import io.medsieve.events.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which stage of the status view an analysis event completes: the model stage that produced it. */
class StageTransitionTest {

    private static final ContentRef OUTPUT = new ContentRef("application/json", 120, "a".repeat(64),
            "medsieve-blob://t/d/analysis-output.summary", null);

    @Test
    void aReviewPacketCompletesTheLocalStageNotTheCloudOne() {
        AnalysisProposed packet = new AnalysisProposed(header(), AnalysisTask.SUMMARY, OUTPUT, Route.HUMAN_ONLY,
                null, null, null, null, null, null, 0, 0, 0, AnalysisProposed.Status.REVIEW_PACKET, null);

        StageTransition transition = StageTransition.of(packet).orElseThrow();

        assertThat(transition.stage()).isEqualTo(Stage.LLM_LOCAL);
        assertThat(transition.state()).isEqualTo(StageState.COMPLETED);
        assertThat(transition.detail()).isEqualTo("review packet for SUMMARY");
    }

    @Test
    void aCloudProposalCompletesTheCloudStageAndALocalOneTheLocalStage() {
        assertThat(StageTransition.of(proposal(Route.CLOUD_SYNC)).orElseThrow().stage()).isEqualTo(Stage.LLM_CLOUD);
        assertThat(StageTransition.of(proposal(Route.LOCAL)).orElseThrow().stage()).isEqualTo(Stage.LLM_LOCAL);
    }

    private static AnalysisProposed proposal(Route route) {
        return new AnalysisProposed(header(), AnalysisTask.SUMMARY, OUTPUT, route, "openai", "gpt-4o-mini",
                "2024-07-18", "summary", "1", "b".repeat(64), 1200, 900, 80, AnalysisProposed.Status.PROPOSED, null);
    }

    private static EventHeader header() {
        return EventHeader.first(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION, "tenant-a",
                UUID.randomUUID().toString(), null, new Producer("llm-local-service", "test"), Instant.now());
    }
}
