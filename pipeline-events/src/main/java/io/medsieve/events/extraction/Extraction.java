package io.medsieve.events.extraction;

import java.util.List;

/**
 * The extraction JSON stored by claim-check (purpose {@code extraction}) and referenced by
 * {@code DocumentExtracted}. It holds PHI, so it only ever exists encrypted at rest; the redaction service reads it.
 *
 * @param formatVersion      version of this JSON shape
 * @param extractorVersion   same value as the event's extractorVersion
 * @param coordinateUnit     always {@code pt}: every box is in PDF points from the page's top-left corner
 * @param pages              one entry per page, in page order
 * @param meanConfidence     word-weighted mean confidence over the document, 0..100
 * @param lowConfidencePages 1-based numbers of flagged pages
 */
public record Extraction(int formatVersion, String extractorVersion, String coordinateUnit,
                         List<ExtractedPage> pages, double meanConfidence, List<Integer> lowConfidencePages) {

    public static final int FORMAT_VERSION = 1;
    public static final String POINTS = "pt";

    public Extraction {
        pages = List.copyOf(pages);
        lowConfidencePages = List.copyOf(lowConfidencePages);
    }

    /** Assembles the document-level figures from the pages. */
    public static Extraction of(String extractorVersion, List<ExtractedPage> pages) {
        double weighted = 0;
        int words = 0;
        for (ExtractedPage page : pages) {
            weighted += page.meanConfidence() * page.words().size();
            words += page.words().size();
        }
        double mean = words == 0 ? 0 : Math.round(weighted / words * 100.0) / 100.0;
        List<Integer> low = pages.stream().filter(ExtractedPage::lowConfidence).map(ExtractedPage::page).toList();
        return new Extraction(FORMAT_VERSION, extractorVersion, POINTS, pages, mean, low);
    }
}
