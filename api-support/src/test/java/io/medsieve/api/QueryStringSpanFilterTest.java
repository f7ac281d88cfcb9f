package io.medsieve.api;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter with the real OpenTelemetry SDK: whatever a caller put in a query string never reaches an exporter,
 * while paths and other attributes do.
 */
class QueryStringSpanFilterTest {

    private static final String CANARY = "Zebulon Quartermaine";

    @Test
    void queryStringsAreStrippedBeforeAnyExporterSeesTheSpan() {
        List<SpanData> exported = new CopyOnWriteArrayList<>();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(new QueryStringSpanFilter())
                .addSpanProcessor(SimpleSpanProcessor.create(collectingInto(exported)))
                .build()) {
            Tracer tracer = tracing.get("test");
            tracer.spanBuilder("POST /v1/documents")
                    .setAttribute("url.query", "patient=" + CANARY)
                    .setAttribute("url.full", "http://ingest:8080/v1/documents?patient=" + CANARY)
                    .setAttribute("url.path", "/v1/documents")
                    .startSpan().end();
            tracer.spanBuilder("GET /q/health").setAttribute("url.full", "http://ingest:8080/q/health")
                    .startSpan().end();
        }

        assertThat(exported).hasSize(2);
        SpanData upload = exported.get(0);
        assertThat(upload.getAttributes().get(AttributeKey.stringKey("url.query")))
                .isEqualTo(QueryStringSpanFilter.STRIPPED);
        assertThat(upload.getAttributes().get(AttributeKey.stringKey("url.full")))
                .isEqualTo("http://ingest:8080/v1/documents?" + QueryStringSpanFilter.STRIPPED);
        assertThat(upload.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/v1/documents");
        assertThat(upload.getAttributes().toString()).doesNotContain("Zebulon").doesNotContain("Quartermaine");
        assertThat(exported.get(1).getAttributes().get(AttributeKey.stringKey("url.full")))
                .isEqualTo("http://ingest:8080/q/health");
    }

    private static SpanExporter collectingInto(List<SpanData> exported) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }
}
