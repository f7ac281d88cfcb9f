package io.medsieve.ocr.service;

import io.medsieve.events.extraction.BoundingBox;
import io.medsieve.events.extraction.ExtractedWord;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PDF page's own text layer with positions, and judges whether it is usable. A text layer is exact and
 * free, so it wins whenever it holds real text; a scan (no text), an empty page or a layer of garbage glyphs
 * (broken font encodings map to symbols and private-use characters) goes to OCR instead.
 */
final class TextLayerReader {

    private final int minChars;
    private final double minPlausibleShare;

    TextLayerReader(int minChars, double minPlausibleShare) {
        this.minChars = minChars;
        this.minPlausibleShare = minPlausibleShare;
    }

    /** The text of one page (1-based) in reading order, and its words with boxes in page points. */
    TextLayer read(PDDocument document, int pageNumber) throws IOException {
        WordCollector collector = new WordCollector();
        collector.setSortByPosition(true);
        collector.setStartPage(pageNumber);
        collector.setEndPage(pageNumber);
        collector.setParagraphStart("");
        collector.setParagraphEnd("");
        collector.setPageStart("");
        collector.setPageEnd("");
        String text = collector.getText(document).strip();
        return new TextLayer(text, collector.words);
    }

    /** Whether the layer holds enough plausible text to be trusted over OCR. */
    boolean usable(TextLayer layer) {
        int visible = 0;
        int plausible = 0;
        for (int i = 0; i < layer.text().length(); ) {
            int c = layer.text().codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c)) {
                continue;
            }
            visible++;
            if (Character.isLetterOrDigit(c) && Character.getType(c) != Character.PRIVATE_USE
                    || ".,;:!?'\"()[]-/%&+#*@$€£=<>_°".indexOf(c) >= 0) {
                plausible++;
            }
        }
        return visible >= minChars && plausible >= minPlausibleShare * visible && !layer.words().isEmpty();
    }

    /** A page's text layer. */
    record TextLayer(String text, List<ExtractedWord> words) {
    }

    /** PDFBox hands each word with its glyph positions to {@code writeString}; this keeps a box per word. */
    private static final class WordCollector extends PDFTextStripper {

        private final List<ExtractedWord> words = new ArrayList<>();

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
                // Generous vertically (a full font size above the baseline, a fifth below for descenders):
                // these boxes become redaction masks, and PDFBox's glyph heights run short.
                double size = Math.max(glyph.getFontSizeInPt(), glyph.getHeightDir());
                left = Math.min(left, glyph.getXDirAdj());
                right = Math.max(right, glyph.getXDirAdj() + glyph.getWidthDirAdj());
                top = Math.min(top, glyph.getYDirAdj() - size);
                bottom = Math.max(bottom, glyph.getYDirAdj() + 0.2 * size);
            }
            words.add(new ExtractedWord(text.toString(), new BoundingBox(BoundingBox.round(left),
                    BoundingBox.round(Math.max(0, top)), BoundingBox.round(right - left),
                    BoundingBox.round(bottom - Math.max(0, top))), 100));
            word.clear();
        }
    }
}
