package io.medsieve.api;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Keeps query strings out of every span. The HTTP instrumentation records {@code url.query} (and clients
 * {@code url.full}) as sent, and a caller can put anything in a query string, a patient's name included; paths,
 * routes and status codes carry ids and fixed vocabularies only, so they stay. Quarkus adds every
 * {@link SpanProcessor} bean to the tracer, and {@code onStart} runs after the instrumentation set its attributes,
 * before any exporter sees the span.
 */
@ApplicationScoped
public class QueryStringSpanFilter implements SpanProcessor {

    static final String STRIPPED = "[stripped]";
    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final List<AttributeKey<String>> FULL_URLS = List.of(AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.url"), AttributeKey.stringKey("http.target"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (span.getAttribute(URL_QUERY) != null) {
            span.setAttribute(URL_QUERY, STRIPPED);
        }
        for (AttributeKey<String> key : FULL_URLS) {
            String url = span.getAttribute(key);
            int query = url == null ? -1 : url.indexOf('?');
            if (query >= 0) {
                span.setAttribute(key, url.substring(0, query + 1) + STRIPPED);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
