package io.medsieve.events;

import java.util.Objects;

/**
 * Something a security reviewer must see: a blocked egress, a failed decryption, a key erasure.
 *
 * @param stage    where it happened
 * @param kind     stable code, e.g. {@code egress.blocked}
 * @param detail   explanation without PHI
 */
public record SecurityEvent(
        EventHeader header,
        Stage stage,
        String kind,
        String detail) implements PipelineEvent {

    public static final String TYPE = "SecurityEvent";
    public static final int SCHEMA_VERSION = 1;

    public SecurityEvent {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
