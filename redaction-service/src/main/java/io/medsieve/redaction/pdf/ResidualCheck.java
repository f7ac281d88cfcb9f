package io.medsieve.redaction.pdf;

import java.util.Map;

/**
 * Result of re-OCR: whether any probe value was still readable, per type counts (no values), pages checked.
 *
 * @param residualFound          whether at least one probe was readable on the redacted page
 * @param pagesChecked           how many pages were OCRed (the pages that have at least one probe)
 * @param residualCountByType    number of readable probes per probe type; only types with at least one
 */
public record ResidualCheck(boolean residualFound, int pagesChecked, Map<String, Integer> residualCountByType) {

    public ResidualCheck {
        residualCountByType = Map.copyOf(residualCountByType);
    }
}
