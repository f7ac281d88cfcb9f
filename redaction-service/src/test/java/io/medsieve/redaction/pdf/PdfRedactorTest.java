package io.medsieve.redaction.pdf;

import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.Fixture;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Flattened redaction end to end with real PDFBox and real Tesseract: planted PHI is unreadable afterwards, nothing
 * but pixels survives, and the clinical text next to it still reads.
 */
class PdfRedactorTest {

    private static final String TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";

    private static ResidualPhiVerifier verifier;
    private static PlainTextOcr ocr;

    private final PdfRedactor redactor = new PdfRedactor(200, 100_000_000L, 1.5);

    @BeforeAll
    static void openEngines() {
        verifier = new ResidualPhiVerifier(TESSDATA, "eng", 300);
        ocr = PlainTextOcr.open(TESSDATA, "eng");
    }

    @AfterAll
    static void closeEngines() {
        verifier.close();
        ocr.close();
    }

    @Test
    void redactedPdfHasOnlyPixelsNoPhiAndStillReads() throws IOException {
        PlantedPhiPdf planted = PlantedPhiPdf.create();
        assertThat(planted.bytes()).as("the original really carries the canary in its metadata")
                .satisfies(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                        .contains(Canary.fragments(planted.patient().name()).get(2)));

        RedactedPdf redacted;
        ResidualCheck check;
        try (LogCapture logs = LogCapture.start()) {
            redacted = redactor.redact(planted.bytes(), DocumentFixtures.PDF, List.of(planted.pageSize()),
                    planted.allBoxes());
            check = verifier.verify(redacted, planted.probes());
            List<String> secrets = new ArrayList<>(Canary.fragments(planted.patient().name()));
            secrets.addAll(planted.valuesByType().values());
            logs.assertNoneContains(secrets.toArray(String[]::new));
        }

        assertThat(redacted.pageCount()).isEqualTo(1);
        String raw = new String(redacted.bytes(), StandardCharsets.ISO_8859_1);
        for (String fragment : Canary.fragments(planted.patient().name())) {
            assertThat(raw).doesNotContain(fragment);
        }
        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            assertFlattened(output);
            PDPage page = output.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isCloseTo((float) planted.pageSize().width(), within(0.01f));
            assertThat(page.getMediaBox().getHeight()).isCloseTo((float) planted.pageSize().height(), within(0.01f));

            BufferedImage rendered = new PDFRenderer(output).renderImageWithDPI(0, 300, ImageType.GRAY);
            String text = Fixture.normalizeWhitespace(ocr.read(rendered, 300));
            assertThat(text).as("clinical text survives redaction").contains("Blood pressure").contains("Parkinson");
            assertThat(text).as("labels next to the masks survive").contains("Patient:").contains("Phone:");
            assertThat(darkestIn(onlyImage(page), planted.pageSize(), PlantedPhiPdf.NOTE_AREA))
                    .as("the sticky note's icon is not drawn").isGreaterThanOrEqualTo(250);
        }

        assertThat(check.residualFound()).isFalse();
        assertThat(check.residualCountByType()).isEmpty();
        assertThat(check.pagesChecked()).isEqualTo(1);
        // Output stays a sensible size: one 200 DPI A4 grey page, losslessly compressed.
        assertThat(redacted.bytes().length).isLessThan(1_500_000);
    }

    @Test
    void missingBoxLeavesThatTypeReadable() {
        PlantedPhiPdf planted = PlantedPhiPdf.create();

        RedactedPdf redacted = redactor.redact(planted.bytes(), DocumentFixtures.PDF, List.of(planted.pageSize()),
                planted.boxesExcept("PHONE"));
        ResidualCheck check = verifier.verify(redacted, planted.probes());

        assertThat(check.residualFound()).isTrue();
        assertThat(check.residualCountByType()).isEqualTo(Map.of("PHONE", 1));
        assertThat(check.toString()).doesNotContain(planted.patient().phone());
    }

    @Test
    void verifierWithoutBoxesFindsEveryPlantedValue() {
        PlantedPhiPdf planted = PlantedPhiPdf.create();

        RedactedPdf flattenedOnly = redactor.redact(planted.bytes(), DocumentFixtures.PDF,
                List.of(planted.pageSize()), List.of());
        ResidualCheck check = verifier.verify(flattenedOnly, planted.probes());

        assertThat(check.residualCountByType()).isEqualTo(Map.of("NAME", 1, "DATE", 1, "MRN", 1, "PHONE", 1));
    }

    @Test
    void pngKeepsItsSizeLosesItsMetadataAndIsMaskedWhereTheBoxSays() throws IOException {
        String canary = Canary.newName();
        Fixture png = DocumentFixtures.pngWithCanaryMetadata(canary); // 150 DPI A4
        PageSize size = pointsAt(1, 150, png);
        RedactionBox box = new RedactionBox(1, 10, 10, 40, 30); // in the blank top margin

        RedactedPdf redacted = redactor.redact(png.bytes(), png.mediaType(), List.of(size), List.of(box));

        assertThat(new String(redacted.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain(canary.split(" ")[1]);
        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            assertFlattened(output);
            assertPageSize(output.getPage(0), size);
            BufferedImage image = onlyImage(output.getPage(0));
            assertThat(image.getWidth()).as("the image keeps its own pixels").isEqualTo(1240);
            assertMasked(image, size, box);
        }
    }

    @Test
    void jpegIsFlattenedWithoutItsMetadata() throws IOException {
        String canary = Canary.newName();
        Fixture jpeg = DocumentFixtures.jpegWithCanaryMetadata(canary);
        PageSize size = pointsAt(1, 150, jpeg);
        RedactionBox box = new RedactionBox(1, 20, 15, 100, 20);

        RedactedPdf redacted = redactor.redact(jpeg.bytes(), "image/jpeg", List.of(size), List.of(box));

        assertThat(new String(redacted.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain(canary.split(" ")[1]);
        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            assertFlattened(output);
            assertPageSize(output.getPage(0), size);
            assertMasked(onlyImage(output.getPage(0)), size, box);
        }
    }

    @Test
    void multiPageTiffKeepsPagesAndSizesAndMasksOnlyTheBoxedPage() throws IOException {
        Fixture tiff = DocumentFixtures.multiPageTiff(List.of("First page", "Second page", "Third page"), 200);
        List<PageSize> sizes = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            sizes.add(new PageSize(page, round(1654 * 72.0 / 200), round(2339 * 72.0 / 200)));
        }
        RedactionBox box = new RedactionBox(2, 20, 20, 30, 30);

        RedactedPdf redacted = redactor.redact(tiff.bytes(), DocumentFixtures.TIFF, sizes, List.of(box));

        assertThat(redacted.pageCount()).isEqualTo(3);
        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            assertThat(output.getNumberOfPages()).isEqualTo(3);
            assertFlattened(output);
            for (int page = 0; page < 3; page++) {
                assertPageSize(output.getPage(page), sizes.get(page));
                BufferedImage image = onlyImage(output.getPage(page));
                assertThat(image.getWidth()).isEqualTo(1654);
                int centre = image.getRGB(px(35, image.getWidth(), sizes.get(page).width()),
                        px(35, image.getHeight(), sizes.get(page).height())) & 0xff;
                assertThat(centre).as("page %d", page + 1).isEqualTo(page == 1 ? 0 : 255);
            }
        }
    }

    @Test
    void largePdfPageIsRenderedAtLowerResolutionWithinThePixelLimit() throws IOException {
        Fixture pdf = DocumentFixtures.digitalPdf(List.of(DocumentFixtures.DEFAULT_TEXT));
        PageSize a4 = new PageSize(1, 595.28, 841.89);
        PdfRedactor small = new PdfRedactor(300, 2_000_000L, 1);

        RedactedPdf redacted = small.redact(pdf.bytes(), DocumentFixtures.PDF, List.of(a4),
                List.of(new RedactionBox(1, 100, 100, 50, 20)));

        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            BufferedImage image = onlyImage(output.getPage(0));
            assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(2_000_000L);
            assertPageSize(output.getPage(0), a4);
        }
    }

    @Test
    void badInputFailsWithAReasonCodeAndNoContent() {
        PageSize a4 = new PageSize(1, 595.28, 841.89);
        assertReason(() -> redactor.redact(DocumentFixtures.corruptPdf().bytes(), "application/pdf", List.of(a4),
                List.of()), "redaction.pdf.unreadable-document");
        assertReason(() -> redactor.redact("not an image at all".getBytes(StandardCharsets.UTF_8), "image/png",
                List.of(a4), List.of()), "redaction.pdf.unreadable-document");
        assertReason(() -> redactor.redact(new byte[] {1, 2, 3}, "text/plain", List.of(a4), List.of()),
                "redaction.pdf.unsupported-media-type");
        assertReason(() -> redactor.redact(DocumentFixtures.passwordProtectedPdf().bytes(), "application/pdf",
                List.of(a4), List.of()), "redaction.pdf.encrypted-document");
        assertReason(() -> redactor.redact(DocumentFixtures.pngBomb().bytes(), "image/png", List.of(a4), List.of()),
                "redaction.pdf.page-too-large");
        assertReason(() -> redactor.redact(DocumentFixtures.pdfWithHugeImage().bytes(), "application/pdf",
                List.of(a4), List.of()), "redaction.pdf.page-too-large");
        float huge = DocumentFixtures.HUGE_PAGE_POINTS;
        assertReason(() -> redactor.redact(DocumentFixtures.pdfWithHugePage().bytes(), "application/pdf",
                List.of(new PageSize(1, huge, huge)), List.of()), "redaction.pdf.page-too-large");
    }

    @Test
    void sizesAndBoxesMustFitTheDocument() {
        byte[] pdf = DocumentFixtures.digitalPdf(List.of(DocumentFixtures.DEFAULT_TEXT)).bytes();
        PageSize a4 = new PageSize(1, 595.28, 841.89);
        assertReason(() -> redactor.redact(pdf, "application/pdf", List.of(new PageSize(1, 612, 792)), List.of()),
                "redaction.pdf.page-size-mismatch");
        assertReason(() -> redactor.redact(pdf, "application/pdf", List.of(new PageSize(1, 841.89, 595.28)),
                List.of()), "redaction.pdf.page-size-mismatch");
        assertReason(() -> redactor.redact(pdf, "application/pdf", List.of(), List.of()),
                "redaction.pdf.page-count-mismatch");
        assertReason(() -> redactor.redact(pdf, "application/pdf", List.of(a4),
                List.of(new RedactionBox(2, 1, 1, 1, 1))), "redaction.pdf.box-outside-document");
        assertReason(() -> redactor.redact(pdf, "application/pdf", List.of(a4),
                List.of(new RedactionBox(1, 1, 1, -5, 1))), "redaction.pdf.invalid-box");
        Fixture png = DocumentFixtures.png(DocumentFixtures.DEFAULT_TEXT, 150);
        assertReason(() -> redactor.redact(png.bytes(), "image/png", List.of(new PageSize(1, 842.04, 595.44)),
                List.of()), "redaction.pdf.page-size-mismatch");
    }

    @Test
    void probeValuesStayOutOfToString() {
        ResidualProbe probe = new ResidualProbe("NAME", 1, "Zyxwa Quorble");
        assertThat(probe.toString()).doesNotContain("Zyxwa").doesNotContain("Quorble").contains("NAME");
    }

    /** Nothing but one image per page: no text, fonts, metadata, annotations, outline, names, actions. */
    private static void assertFlattened(PDDocument output) throws IOException {
        assertThat(new PDFTextStripper().getText(output)).isBlank();
        assertThat(output.getDocument().getTrailer().getCOSDictionary(COSName.INFO)).isNull();
        assertThat(output.getDocumentInformation().getMetadataKeys()).isEmpty();
        PDDocumentCatalog catalog = output.getDocumentCatalog();
        assertThat(catalog.getMetadata()).isNull();
        assertThat(catalog.getDocumentOutline()).isNull();
        assertThat(catalog.getNames()).isNull();
        assertThat(catalog.getOpenAction()).isNull();
        assertThat(catalog.getAcroForm()).isNull();
        for (PDPage page : output.getPages()) {
            PDResources resources = page.getResources();
            assertThat(resources.getFontNames()).isEmpty();
            assertThat(page.getAnnotations()).isEmpty();
            assertThat(page.getMetadata()).isNull();
            List<COSName> xObjects = new ArrayList<>();
            resources.getXObjectNames().forEach(xObjects::add);
            assertThat(xObjects).hasSize(1);
            assertThat(resources.getXObject(xObjects.get(0))).isInstanceOf(PDImageXObject.class);
        }
    }

    private static BufferedImage onlyImage(PDPage page) throws IOException {
        COSName name = page.getResources().getXObjectNames().iterator().next();
        return ((PDImageXObject) page.getResources().getXObject(name)).getImage();
    }

    private static void assertPageSize(PDPage page, PageSize size) {
        assertThat((double) page.getMediaBox().getWidth()).isCloseTo(size.width(), within(0.01));
        assertThat((double) page.getMediaBox().getHeight()).isCloseTo(size.height(), within(0.01));
    }

    /** Inside the box is black; just outside the padded box (in the blank margin) is still white paper. */
    private static void assertMasked(BufferedImage image, PageSize size, RedactionBox box) {
        int centreX = px(box.x() + box.width() / 2, image.getWidth(), size.width());
        int centreY = px(box.y() + box.height() / 2, image.getHeight(), size.height());
        assertThat(image.getRGB(centreX, centreY) & 0xff).isZero();
        int cornerX = px(box.x() + 1, image.getWidth(), size.width());
        int cornerY = px(box.y() + 1, image.getHeight(), size.height());
        assertThat(image.getRGB(cornerX, cornerY) & 0xff).isZero();
        int outsideX = px(box.x() + box.width() + 4, image.getWidth(), size.width());
        assertThat(image.getRGB(outsideX, centreY) & 0xff).isGreaterThanOrEqualTo(250);
    }

    /** The darkest grey value inside a box: 255 means blank paper. */
    private static int darkestIn(BufferedImage image, PageSize size, RedactionBox box) {
        int darkest = 255;
        for (int y = px(box.y(), image.getHeight(), size.height());
             y < px(box.y() + box.height(), image.getHeight(), size.height()); y++) {
            for (int x = px(box.x(), image.getWidth(), size.width());
                 x < px(box.x() + box.width(), image.getWidth(), size.width()); x++) {
                darkest = Math.min(darkest, image.getRGB(x, y) & 0xff);
            }
        }
        return darkest;
    }

    private static int px(double points, int pixels, double pagePoints) {
        return (int) Math.floor(points * pixels / pagePoints);
    }

    /** A page's size in points as the OCR stage reports an image page of known DPI: pixels x 72 / dpi. */
    private static PageSize pointsAt(int page, int dpi, Fixture image) throws IOException {
        BufferedImage decoded = javax.imageio.ImageIO.read(image.inputStream());
        return new PageSize(page, round(decoded.getWidth() * 72.0 / dpi), round(decoded.getHeight() * 72.0 / dpi));
    }

    private static double round(double points) {
        return Math.round(points * 100.0) / 100.0;
    }

    private static void assertReason(Runnable call, String reasonCode) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PdfRedactionException.class, e -> {
            assertThat(e.reasonCode()).isEqualTo(reasonCode);
            assertThat(e.getMessage()).startsWith(reasonCode + ": ");
            assertThat(e.getCause()).isNull();
        });
    }
}
