package io.medsieve.events;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A document was accepted, its bytes are durably stored (encrypted) and it may enter the pipeline.
 * Carries no file name and no document metadata: both often hold patient names.
 *
 * @param source           claim-check for the stored original (type decided from content, not the client)
 * @param pageCount        pages counted at ingest (1 for single images)
 * @param priority         submitter's priority
 * @param requestedTasks   analyses the submitter asked for
 * @param cloudConsent     whether the patient consented to processing by a cloud provider (default false)
 * @param metadataStripped whether embedded metadata (PDF info/XMP, image text chunks) was removed before storing
 */
public record DocumentIngested(
        EventHeader header,
        ContentRef source,
        int pageCount,
        Priority priority,
        Set<AnalysisTask> requestedTasks,
        boolean cloudConsent,
        boolean metadataStripped) implements PipelineEvent {

    public static final String TYPE = "DocumentIngested";
    public static final int SCHEMA_VERSION = 1;

    public DocumentIngested {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(priority, "priority");
        // An EnumSet iterates in declaration order, so the serialised event is the same bytes in every JVM.
        requestedTasks = requestedTasks.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(requestedTasks));
    }
}
