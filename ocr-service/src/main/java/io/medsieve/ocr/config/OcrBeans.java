package io.medsieve.ocr.config;

import io.medsieve.ocr.messaging.CrashJournal;
import io.medsieve.ocr.service.DocumentExtractor;
import io.medsieve.ocr.service.ExtractionSettings;
import io.medsieve.ocr.service.OcrMetrics;
import io.medsieve.ocr.service.TesseractWorkerPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Wires the extraction classes, which are plain Java so the benchmark can build them without CDI. The worker pool
 * is created at startup, so a host without Tesseract language data fails to start with a clear message instead of
 * failing every document.
 */
@Singleton
public class OcrBeans {

    @Produces
    @Singleton
    @Startup
    TesseractWorkerPool workerPool(OcrConfig config) {
        int workers = config.workers().orElse(Runtime.getRuntime().availableProcessors());
        return new TesseractWorkerPool(config.tessdataPath(), config.language(), workers,
                config.pageTimeout().plus(DocumentExtractor.STUCK_GRACE), config.maxStuckWorkers().orElse(workers));
    }

    void closeWorkerPool(@Disposes TesseractWorkerPool pool) {
        pool.close();
    }

    @Produces
    @Singleton
    CrashJournal crashJournal(OcrConfig config) {
        return new CrashJournal(config.crashJournal().directory(), config.crashJournal().maxAttempts());
    }

    @Produces
    @Singleton
    OcrMetrics metrics(MeterRegistry registry) {
        return new OcrMetrics(registry);
    }

    @Produces
    @Singleton
    DocumentExtractor extractor(TesseractWorkerPool pool, OcrConfig config, OcrMetrics metrics) {
        String version = "medsieve-ocr/" + config.rulesVersion() + " tesseract/" + pool.engineVersion()
                + " " + config.language();
        return new DocumentExtractor(pool, new ExtractionSettings(config.renderDpi(), config.minSourceDpi(),
                config.assumedDpi(), config.maxPixelsPerPage(), config.lowConfidenceThreshold(),
                config.minTextLayerChars(), config.minTextLayerPlausibleShare(), config.orientationCheckBelow(),
                config.minOrientationConfidence(),
                config.pageTimeout(), version), metrics);
    }
}
