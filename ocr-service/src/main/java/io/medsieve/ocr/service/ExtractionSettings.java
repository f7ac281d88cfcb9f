package io.medsieve.ocr.service;

import java.time.Duration;

/**
 * The knobs of {@link DocumentExtractor}, as plain values so the benchmark can build an extractor without CDI.
 * See {@code OcrConfig} for what each one means.
 */
public record ExtractionSettings(int renderDpi, int minSourceDpi, int assumedDpi, long maxPixelsPerPage,
                                 double lowConfidenceThreshold, int minTextLayerChars,
                                 double minTextLayerPlausibleShare, double orientationCheckBelow,
                                 double minOrientationConfidence,
                                 Duration pageTimeout, String extractorVersion) {
}
