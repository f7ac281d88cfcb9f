package io.medsieve.events;

import java.util.List;
import java.util.Objects;

/**
 * Text, words, boxes and confidences were extracted from every page. The extraction itself (it holds
 * PHI) travels by claim-check; the event carries only per-page figures.
 *
 * @param source              claim-check for the stored original, carried forward so that redaction can draw its
 *                            redacted PDF over the same pages
 * @param extraction          claim-check for the extraction JSON (pages, words, boxes, confidences)
 * @param pages               per-page method and confidence
 * @param meanConfidence      mean word confidence over the document, 0..100
 * @param lowConfidencePages  1-based numbers of pages below the configured confidence threshold
 * @param extractorVersion    version of the OCR stage's rules and engine
 * @param intake              the submitter's priority, tasks and consent, carried forward from ingest
 */
public record DocumentExtracted(
        EventHeader header,
        ContentRef source,
        ContentRef extraction,
        List<PageSummary> pages,
        double meanConfidence,
        List<Integer> lowConfidencePages,
        String extractorVersion,
        Intake intake) implements PipelineEvent {

    public static final String TYPE = "DocumentExtracted";
    public static final int SCHEMA_VERSION = 1;

    public DocumentExtracted {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(extraction, "extraction");
        Objects.requireNonNull(extractorVersion, "extractorVersion");
        Objects.requireNonNull(intake, "intake");
        pages = List.copyOf(pages);
        lowConfidencePages = List.copyOf(lowConfidencePages);
    }

    /**
     * @param page            1-based page number
     * @param method          how the page's text was obtained
     * @param meanConfidence  mean word confidence on the page, 0..100 (100 for a text layer)
     * @param rotationDegrees rotation detected and corrected before OCR (0, 90, 180, 270)
     * @param wordCount       number of words found
     */
    public record PageSummary(int page, ExtractionMethod method, double meanConfidence, int rotationDegrees,
                              int wordCount) {
    }
}
