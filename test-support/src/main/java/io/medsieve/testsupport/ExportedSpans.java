package io.medsieve.testsupport;

import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.List;

/**
 * Leak checks over spans as an exporter receives them. Everything a tracing backend would store is rendered: name,
 * kind, status, attributes, events with their attributes, links with theirs, the resource and the instrumentation
 * scope. Use it with an in-memory exporter and canary PHI, like {@link LogCapture} for logs.
 */
public final class ExportedSpans {

    private ExportedSpans() {
    }

    /**
     * Fails if any part of any span mentions any canary; the failure names the span and the canary with an excerpt
     * of the rendered span, so the instrumentation that recorded it is easy to find.
     */
    public static void assertNoneContains(List<SpanData> spans, String... canaries) {
        if (spans.isEmpty()) {
            throw new AssertionError("no span was exported: the check would prove nothing");
        }
        List<String> leaks = new ArrayList<>();
        for (SpanData span : spans) {
            String rendered = render(span);
            for (String canary : canaries) {
                int at = rendered.indexOf(canary);
                if (at >= 0) {
                    leaks.add("'" + canary + "' in span '" + span.getName() + "': "
                            + rendered.substring(Math.max(0, at - 80), Math.min(rendered.length(), at + 80)));
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("Exported spans contain canary strings (" + leaks.size() + " hit(s)):\n  "
                    + String.join("\n  ", leaks));
        }
    }

    /** One span as the text a backend would index. */
    public static String render(SpanData span) {
        StringBuilder out = new StringBuilder()
                .append("name=").append(span.getName())
                .append(" kind=").append(span.getKind())
                .append(" status=").append(span.getStatus())
                .append(" attributes=").append(span.getAttributes().asMap());
        for (EventData event : span.getEvents()) {
            out.append(" event=").append(event.getName()).append(event.getAttributes().asMap());
        }
        for (LinkData link : span.getLinks()) {
            out.append(" link=").append(link.getSpanContext()).append(link.getAttributes().asMap());
        }
        return out.append(" resource=").append(span.getResource().getAttributes().asMap())
                .append(" scope=").append(span.getInstrumentationScopeInfo())
                .toString();
    }
}
