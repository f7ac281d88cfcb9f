package io.medsieve.testsupport.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * PDFBox plumbing behind the PDF fixtures: one text page, one image page, metadata and saving.
 *
 * <p>Fonts are the Standard 14 Helvetica pair because they need no embedding (tiny files, no font
 * licensing questions) and every PDF reader and PDFBox's text extractor handle them. Their WinAnsi
 * encoding cannot show arbitrary Unicode, so text is sanitised first and the ground truth reflects
 * the substitutions.
 */
final class PdfPages {

    private PdfPages() {
    }

    /** A fresh font pair per document: PDFont objects own COS dictionaries that must not be shared. */
    record Fonts(PDFont body, PDFont bold) {
        static Fonts helvetica() {
            return new Fonts(new PDType1Font(Standard14Fonts.FontName.HELVETICA),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
        }
    }

    /** Adds a page with a real text layer and returns the ground truth actually drawn. */
    static String addTextPage(PDDocument doc, Fonts fonts, String text, PageSize size, float fontSize)
            throws IOException {
        String clean = sanitise(text, fonts.body());
        float headingSize = fontSize * Raster.HEADING_SCALE;
        List<TextLayout.Line> lines = TextLayout.wrap(clean, size.contentWidthPt(),
                (s, heading) -> (double) width(heading ? fonts.bold() : fonts.body(), s,
                        heading ? headingSize : fontSize));
        PDPage page = new PDPage(new PDRectangle(size.widthPt(), size.heightPt()));
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            float top = size.heightPt() - size.marginPt();
            float used = 0;
            for (TextLayout.Line line : lines) {
                float fs = line.heading() ? headingSize : fontSize;
                PDFont font = line.heading() ? fonts.bold() : fonts.body();
                float lineHeight = fs * Raster.LEADING;
                if (used + lineHeight > size.contentHeightPt() + 0.5f) {
                    throw new IllegalArgumentException("text does not fit on one " + size.name() + " page at "
                            + fontSize + "pt; split it into more pages");
                }
                float ascent = font.getFontDescriptor().getAscent() / 1000f * fs;
                if (!line.text().isEmpty()) {
                    cs.beginText();
                    cs.setFont(font, fs);
                    cs.newLineAtOffset(size.marginPt(), top - used - ascent);
                    cs.showText(line.text());
                    cs.endText();
                }
                used += lineHeight;
            }
        }
        return TextLayout.groundTruth(lines);
    }

    /** Adds an image-only page (no text layer), the image stretched over the full page like a scan. */
    static void addImagePage(PDDocument doc, BufferedImage image, PageSize size) throws IOException {
        PDPage page = new PDPage(new PDRectangle(size.widthPt(), size.heightPt()));
        doc.addPage(page);
        PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.drawImage(xobject, 0, 0, size.widthPt(), size.heightPt());
        }
    }

    /**
     * Writes the Info dictionary and, if asked, an XMP packet. Dates are fixed so that regenerating a
     * committed sample does not churn its bytes.
     */
    static void applyMetadata(PDDocument doc, DocumentMetadata md, boolean xmp) throws IOException {
        if (md == null) {
            return;
        }
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(md.title());
        info.setAuthor(md.author());
        info.setSubject(md.subject());
        info.setKeywords(md.keywords());
        info.setCreator(md.creator());
        info.setProducer(md.producer());
        Calendar fixed = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        fixed.clear();
        fixed.set(2024, Calendar.JANUARY, 2, 3, 4, 5);
        info.setCreationDate(fixed);
        info.setModificationDate(fixed);
        if (xmp) {
            PDMetadata metadata = new PDMetadata(doc);
            metadata.importXMPMetadata(Xmp.packet(md).getBytes(StandardCharsets.UTF_8));
            doc.getDocumentCatalog().setMetadata(metadata);
        }
    }

    /**
     * Saves with a classic (uncompressed) cross-reference table. Object streams would hide the Info
     * dictionary inside a Flate stream, which would make "is the canary still in the raw bytes?" checks
     * meaningless, and the classic layout makes truncation behave predictably. Unencrypted documents get
     * a content-derived trailer /ID instead of PDFBox's time-based one, so output is reproducible.
     */
    static byte[] save(PDDocument doc, boolean reproducibleId, String idSeed) throws IOException {
        if (reproducibleId) {
            byte[] id = Arrays.copyOf(sha256(idSeed), 16);
            COSArray array = new COSArray();
            array.add(new COSString(id));
            array.add(new COSString(id));
            doc.getDocument().getTrailer().setItem(COSName.ID, array);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out, CompressParameters.NO_COMPRESSION);
        return out.toByteArray();
    }

    static float width(PDFont font, String s, float size) {
        try {
            return font.getStringWidth(s) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces what WinAnsi cannot encode with '?', so showText never throws halfway through a page. */
    static String sanitise(String text, PDFont font) {
        Map<Integer, Boolean> ok = new HashMap<>();
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                sb.appendCodePoint(cp);
                return;
            }
            boolean encodable = ok.computeIfAbsent(cp, c -> {
                if (Character.isISOControl(c)) {
                    return false;
                }
                try {
                    font.encode(new String(Character.toChars(c)));
                    return true;
                } catch (IllegalArgumentException | IOException e) {
                    return false;
                }
            });
            sb.append(encodable ? new String(Character.toChars(cp)) : "?");
        });
        return sb.toString();
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
