package io.medsieve.ocr.service;

import io.medsieve.events.extraction.ExtractedPage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Throughput and quality figures of the stage. Labels are fixed vocabularies (method, outcome, reason code), never
 * anything derived from a document. Pages/s is {@code rate(medsieve_ocr_pages_total[1m])}.
 */
public final class OcrMetrics implements PageObserver {

    private final MeterRegistry registry;

    public OcrMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void pageExtracted(ExtractedPage page, long elapsedNanos) {
        String method = page.method().name().toLowerCase(Locale.ROOT);
        Counter.builder("medsieve.ocr.pages").description("Pages extracted, by method")
                .tag("method", method).register(registry).increment();
        Timer.builder("medsieve.ocr.page.duration").description("Time to extract one page, by method")
                .tag("method", method).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder("medsieve.ocr.page.confidence").description("Mean word confidence per page")
                .tag("method", method).serviceLevelObjectives(10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)
                .register(registry).record(page.meanConfidence());
    }

    /** Counts a finished document by outcome ({@code extracted} or the failure's reason code). */
    public void documentFinished(String outcome) {
        Counter.builder("medsieve.ocr.documents").description("Documents processed, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
