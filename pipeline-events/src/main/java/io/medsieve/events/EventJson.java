package io.medsieve.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one JSON form of events, shared by producers, consumers and tests. Readers ignore unknown fields so
 * that additive schema changes do not break older consumers (the tolerant-reader rule).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /** Event record class by {@link EventHeader#eventType()}. */
    public static final Map<String, Class<? extends PipelineEvent>> TYPES = Map.of(
            DocumentIngested.TYPE, DocumentIngested.class,
            DocumentExtracted.TYPE, DocumentExtracted.class,
            DocumentRedacted.TYPE, DocumentRedacted.class,
            DocumentRouted.TYPE, DocumentRouted.class,
            AnalysisProposed.TYPE, AnalysisProposed.class,
            ReviewDecision.TYPE, ReviewDecision.class,
            StageFailed.TYPE, StageFailed.class,
            SecurityEvent.TYPE, SecurityEvent.class);

    private EventJson() {
    }

    /**
     * Applies MedSieve's event conventions to a mapper (for example the one Quarkus manages).
     *
     * <p>A missing or null primitive is an error rather than {@code false} or {@code 0}: otherwise a
     * {@link DocumentRedacted} without {@code residualPhiDetected}, or a {@link DocumentRouted} without
     * {@code humanReviewRequired}, would read as "no PHI left" or "no review needed", failing open exactly
     * where the pipeline must fail closed.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(PipelineEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + event.header().eventType(), e);
        }
    }

    public static <T extends PipelineEvent> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new InvalidEventException("not a valid " + type.getSimpleName(), e);
        }
    }

    /** Reads any pipeline event, choosing the record from the header's event type. */
    public static PipelineEvent readAny(byte[] json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            JsonNode type = tree.path("header").path("eventType");
            Class<? extends PipelineEvent> target = TYPES.get(type.asText());
            if (target == null) {
                throw new InvalidEventException("unknown event type", null);
            }
            return MAPPER.treeToValue(tree, target);
        } catch (IOException e) {
            throw new InvalidEventException("not a valid pipeline event", e);
        }
    }

    /** Thrown for bytes that are not a valid event. The message never quotes the input. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String message, Throwable cause) {
            super(message, cause == null ? null : new IOException(cause.getClass().getSimpleName()));
        }
    }
}
