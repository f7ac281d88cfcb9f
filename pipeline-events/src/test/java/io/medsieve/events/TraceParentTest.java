package io.medsieve.events;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An outbox row written inside a span is published as that span's child, and a row without one changes nothing. */
class TraceParentTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void storedTraceparentRestoresTheSpanAsRemoteParent() {
        SpanContext decided = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
        String stored;
        try (Scope ignored = Context.root().with(Span.wrap(decided)).makeCurrent()) {
            stored = TraceParent.ofCurrentSpan();
        }
        assertThat(stored).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");

        SpanContext restored = Span.fromContext(TraceParent.restore(stored)).getSpanContext();
        assertThat(restored.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(restored.getSpanId()).isEqualTo(SPAN_ID);
        assertThat(restored.isRemote()).isTrue();
    }

    @Test
    void noSpanMeansNothingStoredAndTheCurrentContextOnRestore() {
        assertThat(TraceParent.ofCurrentSpan()).isNull();
        assertThat(TraceParent.restore(null)).isSameAs(Context.current());
    }
}
