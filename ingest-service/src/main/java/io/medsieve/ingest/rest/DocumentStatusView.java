package io.medsieve.ingest.rest;

import io.medsieve.events.Route;
import io.medsieve.events.Stage;
import io.medsieve.ingest.domain.DocumentRecord;
import io.medsieve.ingest.domain.StageState;
import io.medsieve.ingest.domain.StageStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A document's journey as the status API shows it: every stage in pipeline order, the model stage not taken
 * marked as skipped once the router has decided.
 */
public record DocumentStatusView(
        String documentId,
        String mediaType,
        int pageCount,
        long sizeBytes,
        String priority,
        List<String> requestedTasks,
        boolean cloudConsent,
        boolean metadataStripped,
        Instant receivedAt,
        Overall overall,
        List<StageView> stages) {

    /** Summary over all stages. */
    public enum Overall {
        IN_PROGRESS,
        FAILED,
        COMPLETED
    }

    /** One stage's state; {@code at} is when the deciding event occurred, absent while pending. */
    public record StageView(String stage, String state, String detail, Instant at) {
    }

    /** Builds the view from the document row and its projected stage rows. */
    public static DocumentStatusView of(DocumentRecord document, List<StageStatus> statuses) {
        Map<Stage, StageStatus> byStage = statuses.stream()
                .collect(Collectors.toMap(s -> s.key.stage(), Function.identity()));
        Route route = routeOf(byStage.get(Stage.ROUTER));
        List<StageView> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            if (stage == Stage.AUDIT) {
                continue; // the ledger records every stage; it is not a step of the document
            }
            StageStatus status = byStage.get(stage);
            if (status != null) {
                stages.add(new StageView(stage.id(), status.state.name(), status.detail, status.occurredAt));
            } else if (skippedByRoute(stage, route)) {
                stages.add(new StageView(stage.id(), "SKIPPED", "route " + route.name(), null));
            } else {
                stages.add(new StageView(stage.id(), StageState.PENDING.name(), null, null));
            }
        }
        Overall overall = statuses.stream().anyMatch(s -> s.state == StageState.FAILED) ? Overall.FAILED
                : byStage.containsKey(Stage.REVIEW) ? Overall.COMPLETED : Overall.IN_PROGRESS;
        return new DocumentStatusView(document.id.toString(), document.mediaType, document.pageCount,
                document.sizeBytes, document.priority.name(), Arrays.asList(document.requestedTasks.split(",")),
                document.cloudConsent, document.metadataStripped, document.receivedAt, overall, stages);
    }

    private static Route routeOf(StageStatus router) {
        if (router == null || router.state != StageState.COMPLETED || router.detail == null) {
            return null;
        }
        return Route.valueOf(router.detail);
    }

    private static boolean skippedByRoute(Stage stage, Route route) {
        if (route == null) {
            return false;
        }
        return switch (stage) {
            case LLM_LOCAL -> route != Route.LOCAL;
            case LLM_CLOUD -> route != Route.CLOUD_SYNC && route != Route.CLOUD_BATCH;
            default -> false;
        };
    }
}
