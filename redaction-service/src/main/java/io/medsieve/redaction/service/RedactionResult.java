package io.medsieve.redaction.service;

import io.medsieve.events.DocumentRedacted.RedactedEntity;
import io.medsieve.redaction.domain.PhiRegion;
import io.medsieve.redaction.domain.PlaceholderIssuer;

import java.util.List;

/**
 * A redacted document before it is stored: page texts, entities, the placeholders with their originals (for the
 * map) and the residual check's verdict.
 *
 * @param pages               redacted page texts, in page order
 * @param entities            every replacement, page by page
 * @param placeholders        each placeholder with the original it stands for
 * @param residualPhiDetected whether the engine still found PHI in the redacted text
 */
public record RedactionResult(List<String> pages, List<RedactedEntity> entities,
                              List<PlaceholderIssuer.Issued> placeholders, boolean residualPhiDetected,
                              List<PhiRegion> regions) {

    /** Separates pages in the stored redacted text. */
    public static final String PAGE_SEPARATOR = "\f";

    public RedactionResult {
        pages = List.copyOf(pages);
        entities = List.copyOf(entities);
        placeholders = List.copyOf(placeholders);
        regions = List.copyOf(regions);
    }

    /** The stored form: pages joined by form feeds. */
    public String text() {
        return String.join(PAGE_SEPARATOR, pages);
    }

    /** No text or values in {@code toString}. */
    @Override
    public String toString() {
        return "RedactionResult[" + pages.size() + " pages, " + entities.size() + " entities, residual="
                + residualPhiDetected + "]";
    }
}
