package io.medsieve.ocr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Tuning of the OCR stage. The defaults are what the benchmark (bench/results/ocr.md) was measured with; the
 * limits keep one hostile or broken page from exhausting a worker's memory or time.
 */
@ConfigMapping(prefix = "medsieve.ocr")
public interface OcrConfig {

    /** Directory holding {@code <language>.traineddata} and {@code osd.traineddata}; checked at startup. */
    @WithDefault("/usr/share/tesseract-ocr/5/tessdata")
    Path tessdataPath();

    /** Tesseract language(s), e.g. {@code eng} or {@code eng+deu}. */
    @WithDefault("eng")
    String language();

    /** OCR worker threads, each with its own Tesseract handle; defaults to the number of cores. */
    OptionalInt workers();

    /** Longest one page may take in Tesseract before the page (and so the document) fails. */
    @WithDefault("120s")
    Duration pageTimeout();

    /**
     * Workers stuck in a native call (past the page timeout and its grace) that are replaced by fresh threads;
     * one more and readiness goes DOWN so the instance is restarted. Defaults to the number of workers.
     */
    OptionalInt maxStuckWorkers();

    /** Resolution PDF pages are rendered at for OCR. */
    @WithDefault("300")
    int renderDpi();

    /** Images below this resolution (faxes, phone snaps) are upsampled to {@link #renderDpi()} before OCR. */
    @WithDefault("200")
    int minSourceDpi();

    /**
     * Resolution used to convert pixel boxes to points for images that declare none; Tesseract itself estimates the
     * resolution of such images from their text, as the CLI does.
     */
    @WithDefault("300")
    int assumedDpi();

    /** Most pixels one page may have once decoded or rendered: the decompression-bomb guard. */
    @WithDefault("100000000")
    long maxPixelsPerPage();

    /** Pages whose mean word confidence (0..100) is below this are flagged for review. */
    @WithDefault("70")
    double lowConfidenceThreshold();

    /** A PDF text layer is used only with at least this many non-blank characters on the page. */
    @WithDefault("20")
    int minTextLayerChars();

    /** ... and only if at least this share of them are letters, digits or ordinary punctuation. */
    @WithDefault("0.9")
    double minTextLayerPlausibleShare();

    /**
     * Orientation detection runs only for pages whose upright reading has a mean confidence below this (0..100):
     * rotated pages always read poorly upright, and skipping OSD saves a pass on the usual upright page.
     */
    @WithDefault("60")
    double orientationCheckBelow();

    /** Orientation (OSD) results below this confidence are ignored and the page is read as it is. */
    @WithDefault("2.0")
    double minOrientationConfidence();

    /** Crash-loop protection; see {@code CrashJournal}. */
    CrashJournalConfig crashJournal();

    /** Where in-flight inputs are journalled and how often one may crash the service before it is failed. */
    interface CrashJournalConfig {

        /** Local directory of the journal (one tiny file per in-flight input). */
        Path directory();

        /** Attempts after which an input that keeps crashing the JVM becomes {@code ocr.engine-crashed}. */
        @WithDefault("2")
        int maxAttempts();
    }

    /** Version of this stage's rules, combined with the Tesseract version into the events' extractorVersion. */
    @WithDefault("1")
    String rulesVersion();
}
