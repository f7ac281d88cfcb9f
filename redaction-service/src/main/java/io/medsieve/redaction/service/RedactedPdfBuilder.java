package io.medsieve.redaction.service;

import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.redaction.config.RedactionConfig;
import io.medsieve.redaction.domain.PhiRegion;
import io.medsieve.redaction.domain.WordRegions;
import io.medsieve.redaction.pdf.PageSize;
import io.medsieve.redaction.pdf.PdfRedactor;
import io.medsieve.redaction.pdf.RedactedPdf;
import io.medsieve.redaction.pdf.RedactionBox;
import io.medsieve.redaction.pdf.ResidualCheck;
import io.medsieve.redaction.pdf.ResidualPhiVerifier;
import io.medsieve.redaction.pdf.ResidualProbe;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws the redacted PDF of a document: the original's pages, turned as the OCR stage turned them, with every word
 * box of every redacted value blacked out and nothing but pixels kept; then re-OCRs it to check that no redacted
 * value is still readable. A value whose words could not be located on the page cannot be masked, and counts as
 * residual PHI: the document then never goes to a cloud.
 */
@ApplicationScoped
public class RedactedPdfBuilder {

    private final boolean enabled;
    private final PdfRedactor redactor;
    private final ResidualPhiVerifier verifier;

    public RedactedPdfBuilder(RedactionConfig config) {
        RedactionConfig.Pdf pdf = config.pdf();
        this.enabled = pdf.enabled();
        this.redactor = new PdfRedactor(pdf.renderDpi(), pdf.maxPixelsPerPage(), pdf.paddingPoints());
        this.verifier = enabled ? new ResidualPhiVerifier(pdf.tessdataPath(), pdf.language(), pdf.renderDpi()) : null;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * @param regions       every redacted value with its place in the extraction's page text
     * @return the redacted PDF, the re-OCR result and how many values could not be placed on their page
     * @throws io.medsieve.redaction.pdf.PdfRedactionException when the original cannot be redacted (reason code)
     */
    public Artifact build(byte[] original, String mediaType, Extraction extraction, List<PhiRegion> regions) {
        List<PageSize> sizes = new ArrayList<>();
        List<RedactionBox> boxes = new ArrayList<>();
        int unplaced = 0;
        for (ExtractedPage page : extraction.pages()) {
            sizes.add(new PageSize(page.page(), page.width(), page.height(), page.rotationDegrees()));
            String text = page.text() == null ? "" : page.text();
            WordRegions words = WordRegions.of(page, text);
            for (PhiRegion region : regions) {
                if (region.page() == page.page()) {
                    List<RedactionBox> found = words.boxes(region);
                    if (found.isEmpty()) {
                        unplaced++;
                    }
                    boxes.addAll(found);
                }
            }
        }
        RedactedPdf pdf = redactor.redact(original, mediaType, sizes, boxes);
        List<ResidualProbe> probes = regions.stream()
                .filter(region -> !region.value().isBlank())
                .map(region -> new ResidualProbe(region.type(), region.page(), region.value()))
                .toList();
        return new Artifact(pdf, verifier.verify(pdf, probes), unplaced);
    }

    /**
     * @param pdf       the flattened, redacted PDF
     * @param residual  what re-OCR of it still read
     * @param unplaced  redacted values whose words were not found on their page (so not masked)
     */
    public record Artifact(RedactedPdf pdf, ResidualCheck residual, int unplaced) {

        /** Whether the PDF may still show PHI. */
        public boolean residualPhi() {
            return residual.residualFound() || unplaced > 0;
        }
    }

    @PreDestroy
    void close() {
        if (verifier != null) {
            verifier.close();
        }
    }
}
