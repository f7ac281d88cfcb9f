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
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-page text-layer PDF with a fake patient's name, date of birth, MRN and phone next to clinical text, whose
 * Info dictionary, XMP packet, an annotation and an outline entry also carry the name. The boxes of the PHI words
 * come from PDFBox's text positions, converted as the OCR stage converts a text layer (points, top-left origin).
 */
record PlantedPhiPdf(byte[] bytes, FakePatient patient, PageSize pageSize, Map<String, List<RedactionBox>> boxesByType) {

    static final String CLINICAL = "Blood pressure 120/80, Parkinson disease.";

    static PlantedPhiPdf create() {
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

    List<ResidualProbe> probes() {
        return valuesByType().entrySet().stream().map(e -> new ResidualProbe(e.getKey(), 1, e.getValue())).toList();
    }

    List<RedactionBox> boxesExcept(String type) {
        return boxesByType.entrySet().stream().filter(e -> !e.getKey().equals(type))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    private static Map<String, List<RedactionBox>> boxes(PDDocument document, FakePatient patient)
            throws IOException {
        WordBoxes words = new WordBoxes();
        words.setSortByPosition(true);
        words.getText(document);
        Map<String, List<RedactionBox>> byType = new LinkedHashMap<>();
        Map<String, String> values = Map.of("NAME", patient.name(), "DATE", patient.dobText(), "MRN", patient.mrn(),
                "PHONE", patient.phone());
        values.forEach((type, value) -> {
            List<String> tokens = List.of(value.split(" "));
            List<RedactionBox> boxes = words.boxes.entrySet().stream()
                    .filter(word -> tokens.contains(word.getKey().text()))
                    .map(Map.Entry::getValue).toList();
            if (boxes.size() != tokens.size()) {
                throw new IllegalStateException("expected one word box per token for " + type);
            }
            byType.put(type, boxes);
        });
        return byType;
    }

    private record Word(String text, int index) {
    }

    /** One box per word, as the OCR stage's text-layer reader draws them: a font size above the baseline, a fifth below. */
    private static final class WordBoxes extends PDFTextStripper {

        private final Map<Word, RedactionBox> boxes = new LinkedHashMap<>();

        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
            super.writeString(text, positions);
            List<TextPosition> word = new ArrayList<>();
            for (TextPosition position : positions) {
                if (position.getUnicode() == null || position.getUnicode().isBlank()) {
                    flush(word);
                } else {
                    word.add(position);
                }
            }
            flush(word);
        }

        private void flush(List<TextPosition> word) {
            if (word.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder();
            double left = Double.MAX_VALUE;
            double right = -Double.MAX_VALUE;
            double top = Double.MAX_VALUE;
            double bottom = -Double.MAX_VALUE;
            for (TextPosition glyph : word) {
                text.append(glyph.getUnicode());
                double size = Math.max(glyph.getFontSizeInPt(), glyph.getHeightDir());
                left = Math.min(left, glyph.getXDirAdj());
                right = Math.max(right, glyph.getXDirAdj() + glyph.getWidthDirAdj());
                top = Math.min(top, glyph.getYDirAdj() - size);
                bottom = Math.max(bottom, glyph.getYDirAdj() + 0.2 * size);
            }
            boxes.put(new Word(text.toString(), boxes.size()),
                    new RedactionBox(1, left, top, right - left, bottom - top));
            word.clear();
        }
    }
}
