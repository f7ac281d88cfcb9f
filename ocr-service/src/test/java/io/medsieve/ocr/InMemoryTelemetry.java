package io.medsieve.ocr;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Collects every span the service exports, in memory (Quarkus adds every {@code SpanExporter} bean to the tracer),
 * so tests can read exactly what a tracing backend would receive.
 */
@ApplicationScoped
public class InMemoryTelemetry {

    @Produces
    @Singleton
    InMemorySpanExporter spanExporter() {
        return InMemorySpanExporter.create();
    }
}
