package io.medsieve.redaction.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Word boxes of a PDF text layer drawn as the OCR stage's text-layer reader draws them (points, top-left origin of
 * the upright page, a font size above the baseline and a fifth below), so tests redact with the geometry the
 * pipeline will hand the redactor.
 */
public final class TextLayerWords {

    public record Word(String text, RedactionBox box) {
    }

    private TextLayerWords() {
    }

    public static List<Word> read(PDDocument document, int pageNumber) throws IOException {
        Collector collector = new Collector(pageNumber);
        collector.setSortByPosition(true);
        collector.setStartPage(pageNumber);
        collector.setEndPage(pageNumber);
        collector.getText(document);
        return collector.words;
    }

    /** The boxes of the words making up {@code value} (split on spaces); fails unless every token is found. */
    static List<RedactionBox> boxesOf(List<Word> words, String value) {
        List<String> tokens = List.of(value.split(" "));
        List<RedactionBox> boxes = words.stream().filter(word -> tokens.contains(word.text())).map(Word::box)
                .toList();
        if (boxes.size() != tokens.size()) {
            throw new IllegalStateException("expected one word box per token, found " + boxes.size());
        }
        return boxes;
    }

    private static final class Collector extends PDFTextStripper {

        private final int pageNumber;
        private final List<Word> words = new ArrayList<>();

        Collector(int pageNumber) {
            this.pageNumber = pageNumber;
        }

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
            words.add(new Word(text.toString(), new RedactionBox(pageNumber, left, Math.max(0, top), right - left,
                    bottom - Math.max(0, top))));
            word.clear();
        }
    }
}
