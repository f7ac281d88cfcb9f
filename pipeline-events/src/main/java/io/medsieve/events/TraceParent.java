package io.medsieve.events;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The W3C {@code traceparent} of the span in which an event was decided, kept with an outbox row. A relay publishes
 * the row later from a scheduler or a fresh context that has no trace of its own; restoring the stored traceparent
 * as the parent of the Kafka send keeps one document in one trace across the outbox. The value holds ids only
 * (version, trace id, span id, flags), never anything from a document, so it may be stored and logged.
 */
public final class TraceParent {

    /** The W3C header name, which is also the Kafka record header OpenTelemetry propagates. */
    public static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return List.copyOf(carrier.keySet());
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParent() {
    }

    /** The current span's traceparent, or null where no span is current (tracing off, a background job). */
    public static String ofCurrentSpan() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /**
     * The context to publish a stored event in: the stored span as remote parent, or the current context when the
     * row has none (written before tracing, or with tracing off).
     */
    public static Context restore(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.current();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceparent),
                MAP_GETTER);
    }
}
