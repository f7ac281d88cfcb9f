package io.medsieve.redaction.pdf;

import io.medsieve.testsupport.documents.FakePatient;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Geometry beyond the plain portrait PDF, with real Tesseract: a PDF page turned by /Rotate (boxes in the upright
 * frame, as the text-layer reader reports them), a crop box that does not start at the media box's corner, and a
 * scanned image that declares no DPI (the OCR stage then reports points at an assumed 300 DPI, whatever the real
 * resolution). Each case has a control: without boxes, the same probes are readable.
 */
class SideDocumentsTest {

    private static final String TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";
    /** What the OCR stage converts pixel boxes with when an image declares no resolution. */
    private static final int ASSUMED_DPI = 300;
    private static ResidualPhiVerifier verifier;

    private final PdfRedactor redactor = new PdfRedactor(200, 100_000_000L, 1.5);

    @BeforeAll
    static void openEngine() {
        verifier = new ResidualPhiVerifier(TESSDATA, "eng", 300);
    }

    @AfterAll
    static void closeEngine() {
        verifier.close();
    }

    @Test
    void rotatedPdfPageIsMaskedInItsUprightFrame() throws IOException {
        FakePatient patient = FakePatient.withCanary();
        byte[] pdf = landscapeByRotation(List.of("Patient: " + patient.name(), "Phone: " + patient.phone(),
                "Blood pressure 120/80, Parkinson disease."));
        List<RedactionBox> boxes = new ArrayList<>();
        PageSize size;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDRectangle crop = document.getPage(0).getCropBox();
            size = new PageSize(1, crop.getHeight(), crop.getWidth()); // upright: /Rotate 90 swaps the sides
            List<TextLayerWords.Word> words = TextLayerWords.read(document, 1);
            boxes.addAll(TextLayerWords.boxesOf(words, patient.name()));
            boxes.addAll(TextLayerWords.boxesOf(words, patient.phone()));
        }
        List<ResidualProbe> probes = List.of(new ResidualProbe("NAME", 1, patient.name()),
                new ResidualProbe("PHONE", 1, patient.phone()));

        RedactedPdf redacted = redactor.redact(pdf, "application/pdf", List.of(size), boxes);

        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            PDPage page = output.getPage(0);
            assertThat(page.getRotation()).isZero();
            assertThat((double) page.getMediaBox().getWidth()).isCloseTo(size.width(), within(0.01));
        }
        assertThat(verifier.verify(redacted, probes).residualFound()).isFalse();
        assertThat(verifier.verify(redactor.redact(pdf, "application/pdf", List.of(size), List.of()), probes)
                .residualCountByType()).as("control: unredacted, both are readable")
                .isEqualTo(Map.of("NAME", 1, "PHONE", 1));
    }

    @Test
    void pdfPageWithOffsetCropBoxIsMaskedRelativeToTheCropBox() throws IOException {
        FakePatient patient = FakePatient.withCanary();
        byte[] pdf;
        try (PDDocument document = new PDDocument()) {
            // A scan-station style page: the visible area starts 60 pt in from the media box's corner.
            PDPage page = new PDPage(new PDRectangle(700, 950));
            page.setCropBox(new PDRectangle(60, 40, 595, 842));
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(130, 780);
                content.showText("Patient: " + patient.name());
                content.newLineAtOffset(0, -24);
                content.showText("Phone: " + patient.phone());
                content.newLineAtOffset(0, -24);
                content.showText("Blood pressure 120/80, Parkinson disease.");
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out, CompressParameters.NO_COMPRESSION);
            pdf = out.toByteArray();
        }
        List<RedactionBox> boxes = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<TextLayerWords.Word> words = TextLayerWords.read(document, 1);
            boxes.addAll(TextLayerWords.boxesOf(words, patient.name()));
            boxes.addAll(TextLayerWords.boxesOf(words, patient.phone()));
        }
        PageSize size = new PageSize(1, 595, 842);
        List<ResidualProbe> probes = List.of(new ResidualProbe("NAME", 1, patient.name()),
                new ResidualProbe("PHONE", 1, patient.phone()));

        RedactedPdf redacted = redactor.redact(pdf, "application/pdf", List.of(size), boxes);

        assertThat(verifier.verify(redacted, probes).residualFound()).isFalse();
        assertThat(verifier.verify(redactor.redact(pdf, "application/pdf", List.of(size), List.of()), probes)
                .residualCountByType()).as("control: unredacted, both are readable")
                .isEqualTo(Map.of("NAME", 1, "PHONE", 1));
    }

    @Test
    void imageWithoutDeclaredDpiIsMaskedFromPointsAtTheAssumedDpi() throws IOException {
        FakePatient patient = FakePatient.withCanary();
        List<RedactionBox> boxes = new ArrayList<>();
        byte[] png = png(scan(patient, boxes)); // no pHYs chunk: the file declares no DPI
        PageSize size = new PageSize(1, 1654 * 72.0 / ASSUMED_DPI, 2339 * 72.0 / ASSUMED_DPI);

        RedactedPdf redacted = redactor.redact(png, "image/png", List.of(size), boxes);

        assertThat(verifier.verify(redacted, probes(patient)).residualFound()).isFalse();
        assertThat(verifier.verify(redactor.redact(png, "image/png", List.of(size), List.of()), probes(patient))
                .residualCountByType()).as("control: unredacted, both are readable")
                .isEqualTo(Map.of("NAME", 1, "PHONE", 1));
    }

    @Test
    void sidewaysScanIsTurnedUprightAndMaskedWhereTheOcrReadIt() throws IOException {
        FakePatient patient = FakePatient.withCanary();
        List<RedactionBox> boxes = new ArrayList<>();
        BufferedImage upright = scan(patient, boxes);
        // The scan arrived turned a quarter clockwise; the OCR stage turned it back and reported rotation 90, with
        // boxes and page size in the upright frame.
        byte[] png = png(quarterTurnClockwise(upright));
        PageSize size = new PageSize(1, 1654 * 72.0 / ASSUMED_DPI, 2339 * 72.0 / ASSUMED_DPI, 90);

        RedactedPdf redacted = redactor.redact(png, "image/png", List.of(size), boxes);

        try (PDDocument output = Loader.loadPDF(redacted.bytes())) {
            PDRectangle page = output.getPage(0).getMediaBox();
            assertThat((double) page.getWidth()).as("upright width").isCloseTo(size.width(), within(0.5));
            assertThat((double) page.getHeight()).as("upright height").isCloseTo(size.height(), within(0.5));
        }
        assertThat(verifier.verify(redacted, probes(patient)).residualFound()).isFalse();
        assertThat(verifier.verify(redactor.redact(png, "image/png", List.of(size), List.of()), probes(patient))
                .residualCountByType()).as("control: turned upright but unredacted, both are readable")
                .isEqualTo(Map.of("NAME", 1, "PHONE", 1));
    }

    private static List<ResidualProbe> probes(FakePatient patient) {
        return List.of(new ResidualProbe("NAME", 1, patient.name()), new ResidualProbe("PHONE", 1, patient.phone()));
    }

    /**
     * An A4 scan at 200 DPI that declares no resolution, with the patient's name and phone and a clinical line;
     * adds the boxes of the two values in points as the OCR stage computes them (at its assumed 300 DPI).
     */
    private static BufferedImage scan(FakePatient patient, List<RedactionBox> boxes) {
        int scanDpi = 200;
        BufferedImage scan = new BufferedImage(1654, 2339, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scan.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, scan.getWidth(), scan.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font("Serif", Font.PLAIN, 1).deriveFont(12f * scanDpi / 72f));
            FontMetrics metrics = g.getFontMetrics();
            String[][] lines = {{"Patient: ", patient.name()}, {"Phone: ", patient.phone()},
                {"Blood pressure 120/80, Parkinson disease.", ""}};
            int baseline = 300;
            for (String[] line : lines) {
                g.drawString(line[0] + line[1], 200, baseline);
                if (!line[1].isEmpty()) {
                    int left = 200 + metrics.stringWidth(line[0]);
                    double scale = 72.0 / ASSUMED_DPI;
                    boxes.add(new RedactionBox(1, left * scale, (baseline - metrics.getAscent()) * scale,
                            metrics.stringWidth(line[1]) * scale,
                            (metrics.getAscent() + metrics.getDescent()) * scale));
                }
                baseline += 60;
            }
        } finally {
            g.dispose();
        }
        return scan;
    }

    private static BufferedImage quarterTurnClockwise(BufferedImage source) {
        BufferedImage turned = new BufferedImage(source.getHeight(), source.getWidth(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = turned.createGraphics();
        try {
            g.translate(source.getHeight(), 0);
            g.rotate(Math.PI / 2);
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
        return turned;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** An A4 page with /Rotate 90 whose text is drawn to read upright once turned: a landscape page. */
    private static byte[] landscapeByRotation(List<String> lines) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            page.setRotation(90);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                float uprightY = 100; // distance of the first baseline from the top of the upright page
                for (String line : lines) {
                    // Upright (x, y-from-top) is user space (y-from-top, x) under a clockwise quarter turn.
                    content.setTextMatrix(new Matrix(0, 1, -1, 0, uprightY, 80));
                    content.showText(line);
                    uprightY += 24;
                }
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        }
    }
}
