package io.medsieve.redaction.pdf;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a redacted PDF the way an attacker would read it: renders each page that had identifiers on it, OCRs it
 * with Tesseract and looks for every identifier that was on that page (see {@link ResidualRule} for when a value
 * counts as readable). It catches boxes that missed, were too small or landed on the wrong spot. A redaction the
 * OCR cannot read may still be readable to a person, so this is a safety net behind correct boxes, not a proof.
 *
 * <p>Holds one Tesseract engine, which is expensive to create and not thread-safe: create one verifier per worker
 * thread and keep it; {@link #verify} is synchronized so accidental sharing is slow rather than unsafe. Probe values
 * never appear in results, logs or exception messages.
 */
public final class ResidualPhiVerifier implements AutoCloseable {

    /** Upper bound on a rendered page, whatever its size in points; the DPI is lowered to stay under it. */
    private static final long MAX_PIXELS_PER_PAGE = 100_000_000L;
    private static final int MIN_DPI = 72;

    private final PlainTextOcr ocr;
    private final int dpi;

    /**
     * @param tessdataPath Tesseract's tessdata directory, e.g. {@code /usr/share/tesseract-ocr/5/tessdata}
     * @param language     traineddata to read with, e.g. {@code eng}
     * @param dpi          resolution redacted pages are rendered at for OCR; 300 reads best
     * @throws IllegalStateException when the language cannot be loaded
     */
    public ResidualPhiVerifier(String tessdataPath, String language, int dpi) {
        if (dpi < MIN_DPI || dpi > 600) {
            throw new IllegalArgumentException("dpi must be between 72 and 600");
        }
        this.dpi = dpi;
        this.ocr = PlainTextOcr.open(tessdataPath, language);
    }

    /**
     * OCRs every page of {@code pdf} that has at least one probe and reports which probe types are still readable.
     *
     * @throws IllegalArgumentException when a probe has no type or value, or names a page the PDF does not have
     * @throws PdfRedactionException    when the PDF cannot be read or OCR fails
     */
    public synchronized ResidualCheck verify(RedactedPdf pdf, List<ResidualProbe> probes) {
        Map<Integer, List<ResidualProbe>> byPage = new TreeMap<>();
        for (ResidualProbe probe : probes) {
            if (probe == null || probe.type() == null || probe.type().isBlank() || probe.value() == null) {
                throw new IllegalArgumentException("every probe needs a type and a value");
            }
            if (probe.page() < 1 || probe.page() > pdf.pageCount()) {
                throw new IllegalArgumentException("a probe names page " + probe.page() + " of a "
                        + pdf.pageCount() + "-page document");
            }
            byPage.computeIfAbsent(probe.page(), page -> new ArrayList<>()).add(probe);
        }
        Map<String, Integer> residualByType = new TreeMap<>();
        if (byPage.isEmpty()) {
            return new ResidualCheck(false, 0, residualByType);
        }
        try (PDDocument document = Loader.loadPDF(pdf.bytes())) {
            if (document.getNumberOfPages() != pdf.pageCount()) {
                throw new PdfRedactionException("redaction.pdf.verify-page-count",
                        "The redacted PDF does not have the page count it declares.");
            }
            PDFRenderer renderer = new PDFRenderer(document);
            for (Map.Entry<Integer, List<ResidualProbe>> page : byPage.entrySet()) {
                int index = page.getKey() - 1;
                int pageDpi = dpiFor(document.getPage(index));
                BufferedImage image;
                try {
                    image = renderer.renderImageWithDPI(index, pageDpi, ImageType.GRAY);
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    throw new PdfRedactionException("redaction.pdf.verify-unreadable",
                            "A redacted page could not be rendered.");
                }
                ResidualRule.PageText text = new ResidualRule.PageText(ocr.read(image, pageDpi));
                for (ResidualProbe probe : page.getValue()) {
                    if (text.shows(probe.value())) {
                        residualByType.merge(probe.type(), 1, Integer::sum);
                    }
                }
            }
            return new ResidualCheck(!residualByType.isEmpty(), byPage.size(), residualByType);
        } catch (IOException | RuntimeException e) {
            if (e instanceof PdfRedactionException failure) {
                throw failure;
            }
            throw new PdfRedactionException("redaction.pdf.verify-unreadable", "The redacted PDF could not be read.");
        }
    }

    private int dpiFor(PDPage page) {
        PDRectangle box = page.getCropBox();
        double squareInches = box.getWidth() / 72.0 * box.getHeight() / 72.0;
        int pageDpi = dpi;
        if (squareInches * pageDpi * pageDpi > MAX_PIXELS_PER_PAGE) {
            pageDpi = (int) Math.floor(Math.sqrt(MAX_PIXELS_PER_PAGE / squareInches));
        }
        return Math.max(MIN_DPI, pageDpi);
    }

    @Override
    public synchronized void close() {
        ocr.close();
    }
}
