package io.medsieve.events;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the submitter said at upload that later stages decide on: the router needs priority and consent, the
 * analysis stages need the requested tasks. Carried forward on every stage event so that no stage has to join
 * back to ingest (and so that a replayed topic still holds everything a decision was made on).
 *
 * @param priority       submitter's priority
 * @param requestedTasks analyses the submitter asked for
 * @param cloudConsent   whether the patient consented to processing by a cloud provider
 */
public record Intake(Priority priority, Set<AnalysisTask> requestedTasks, boolean cloudConsent) {

    public Intake {
        Objects.requireNonNull(priority, "priority");
        // An EnumSet iterates in declaration order, so the serialised event is the same bytes in every JVM.
        requestedTasks = requestedTasks == null || requestedTasks.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(requestedTasks));
    }

    /** The intake facts of an ingested document, to carry forward. */
    public static Intake of(DocumentIngested ingested) {
        return new Intake(ingested.priority(), ingested.requestedTasks(), ingested.cloudConsent());
    }
}
