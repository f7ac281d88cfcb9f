package io.medsieve.events;

import java.util.Objects;

/**
 * A stage could not process a document. The reason is a fixed code plus a message written by MedSieve
 * code, never an exception message from a library (those can quote document content).
 *
 * @param stage          the failing stage
 * @param reasonCode     stable machine-readable code, e.g. {@code ocr.page-timeout}
 * @param reason         human-readable explanation without PHI
 * @param retryable      whether resubmitting the same input may succeed
 * @param failedEventId  eventId of the input event that failed, or null
 */
public record StageFailed(
        EventHeader header,
        Stage stage,
        String reasonCode,
        String reason,
        boolean retryable,
        String failedEventId) implements PipelineEvent {

    public static final String TYPE = "StageFailed";
    public static final int SCHEMA_VERSION = 1;

    public StageFailed {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
    }
}
