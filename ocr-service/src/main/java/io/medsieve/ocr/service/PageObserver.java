package io.medsieve.ocr.service;

import io.medsieve.events.extraction.ExtractedPage;

/** Told about every finished page, so metrics stay out of the extraction code (and out of the benchmark). */
@FunctionalInterface
public interface PageObserver {

    void pageExtracted(ExtractedPage page, long elapsedNanos);
}
