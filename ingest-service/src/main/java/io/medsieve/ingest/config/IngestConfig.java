package io.medsieve.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Limits and switches of the upload API. The limits protect the OCR stage: a document that passes them can be
 * rendered at {@link #renderDpi()} without exhausting a worker's memory.
 */
@ConfigMapping(prefix = "medsieve.ingest")
public interface IngestConfig {

    /** Largest accepted document. Keep {@code quarkus.http.limits.max-body-size} a little above it. */
    @WithDefault("50M")
    MemorySize maxDocumentSize();

    /** Most pages per document (PDF pages, TIFF frames). */
    @WithDefault("500")
    int maxPages();

    /** Most pixels one page may have once rasterised at {@link #renderDpi()}: the decompression-bomb guard. */
    @WithDefault("100000000")
    long maxPixelsPerPage();

    /** DPI the OCR stage renders PDF pages at; page-size limits are computed at this resolution. */
    @WithDefault("300")
    int renderDpi();

    /**
     * How often the outbox relay looks for events an upload's immediate publish could not send (broker down,
     * crash). Read by the relay's schedule.
     */
    Duration outboxPollInterval();

    /** Outbox relay batch size: events published per round. */
    @WithDefault("100")
    int outboxBatchSize();

}
