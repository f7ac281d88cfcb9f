package io.medsieve.redaction.pdf;

import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.DocumentMetadata;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.PdfOptions;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-page text-layer PDF with a fake patient's name, date of birth, MRN and phone next to clinical text, whose
 * Info dictionary, XMP packet, an annotation and an outline entry also carry the name. The boxes of the PHI words
 * come from PDFBox's text positions, converted as the OCR stage converts a text layer (points, top-left origin).
 */
public record PlantedPhiPdf(byte[] bytes, FakePatient patient, PageSize pageSize,
                     Map<String, List<RedactionBox>> boxesByType) {

    static final String CLINICAL = "Blood pressure 120/80, Parkinson disease.";
    /** Where the sticky-note annotation sits, in top-left points (PDF rectangle 500,700 20x20 on A4). */
    static final RedactionBox NOTE_AREA = new RedactionBox(1, 500, 841.89 - 720, 20, 20);

    public static PlantedPhiPdf create() {
        FakePatient patient = FakePatient.withCanary();
        String text = "# Discharge summary\n"
                + "Patient: " + patient.name() + "\n"
                + "DOB: " + patient.dobText() + "\n"
                + "MRN: " + patient.mrn() + "\n"
                + "Phone: " + patient.phone() + "\n"
                + CLINICAL + "\n"
                + "Plan: continue levodopa, review in six weeks.";
        byte[] fixture = DocumentFixtures.digitalPdf(List.of(text),
                PdfOptions.defaults().withFontSize(12).withMetadata(DocumentMetadata.withCanary(patient.name()))
                        .withXmp()).bytes();
        try (PDDocument document = Loader.loadPDF(fixture)) {
            PDPage page = document.getPage(0);
            PDAnnotationText note = new PDAnnotationText();
            note.setContents("Called " + patient.name());
            note.setRectangle(new PDRectangle(500, 700, 20, 20));
            page.getAnnotations().add(note);
            PDDocumentOutline outline = new PDDocumentOutline();
            PDOutlineItem item = new PDOutlineItem();
            item.setTitle(patient.name());
            item.setDestination(page);
            outline.addLast(item);
            document.getDocumentCatalog().setDocumentOutline(outline);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out, CompressParameters.NO_COMPRESSION); // Info and XMP stay greppable
            PDRectangle crop = page.getCropBox();
            PageSize size = new PageSize(1, crop.getWidth(), crop.getHeight());
            return new PlantedPhiPdf(out.toByteArray(), patient, size, boxes(document, patient));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The planted values by the type the probes and boxes use. */
    Map<String, String> valuesByType() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NAME", patient.name());
        values.put("DATE", patient.dobText());
        values.put("MRN", patient.mrn());
        values.put("PHONE", patient.phone());
        return values;
    }

    public List<ResidualProbe> probes() {
        return valuesByType().entrySet().stream().map(e -> new ResidualProbe(e.getKey(), 1, e.getValue())).toList();
    }

    List<RedactionBox> allBoxes() {
        return boxesByType.values().stream().flatMap(List::stream).toList();
    }

    List<RedactionBox> boxesExcept(String type) {
        return boxesByType.entrySet().stream().filter(e -> !e.getKey().equals(type))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    private static Map<String, List<RedactionBox>> boxes(PDDocument document, FakePatient patient)
            throws IOException {
        List<TextLayerWords.Word> words = TextLayerWords.read(document, 1);
        Map<String, List<RedactionBox>> byType = new LinkedHashMap<>();
        byType.put("NAME", TextLayerWords.boxesOf(words, patient.name()));
        byType.put("DATE", TextLayerWords.boxesOf(words, patient.dobText()));
        byType.put("MRN", TextLayerWords.boxesOf(words, patient.mrn()));
        byType.put("PHONE", TextLayerWords.boxesOf(words, patient.phone()));
        return byType;
    }
}
