package io.medsieve.testsupport.documents;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Generates synthetic test documents with known ground truth, so ingest, OCR and redaction tests can
 * assert on exact expectations instead of on whatever a checked-in binary happens to contain.
 *
 * <p>Everything is produced in memory on demand: the good documents cover the formats scanners, fax
 * gateways and EHR exports really send; the bad ones (encrypted, corrupt, bombs, disguised types) cover
 * what the pipeline must refuse without falling over. All person-like data is fictional; see
 * {@link FakePatient} and {@link Canary}. Output is deterministic except where noted (encryption uses
 * random salts), so a failing assertion reproduces.
 *
 * <p>Text arguments may contain {@code \n} line breaks, and lines starting with {@code "# "} become bold
 * headings; the {@link Fixture#pageTexts() ground truth} is the text as actually laid out.
 */
public final class DocumentFixtures {

    public static final String PDF = "application/pdf";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String TIFF = "image/tiff";
    public static final String ZIP = "application/zip";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String HTML = "text/html";
    public static final String TEXT = "text/plain";

    /** Password needed to open {@link #passwordProtectedPdf()}. */
    public static final String USER_PASSWORD = "medsieve-user-pw";
    /** Owner password of the encrypted fixtures, which lifts their permission restrictions. */
    public static final String OWNER_PASSWORD = "medsieve-owner-pw";

    /** The default text when a test only needs "some document", free of anything PHI-like. */
    public static final String DEFAULT_TEXT = """
            # MedSieve synthetic test document
            The quick brown fox jumps over the lazy dog. This page was generated for automated tests \
            and contains no information about any real person.
            Reference 12345-ABCDE.""";

    /** Side of {@link #pdfWithHugePage()}: 14,400 pt (200 inches) is the largest page PDF allows. */
    public static final float HUGE_PAGE_POINTS = 14_400f;

    private static final PageSize HUGE_PAGE = new PageSize("huge", HUGE_PAGE_POINTS, HUGE_PAGE_POINTS, 72f);

    private DocumentFixtures() {
    }

    // ---------------------------------------------------------------- PDFs

    /** Text-layer PDF, one page per entry, A4, Helvetica 11pt, no metadata. */
    public static Fixture digitalPdf(List<String> pageTexts) {
        return digitalPdf(pageTexts, PdfOptions.defaults());
    }

    /** Text-layer PDF with the given layout and optional Info/XMP metadata (for metadata-stripping tests). */
    public static Fixture digitalPdf(List<String> pageTexts, PdfOptions options) {
        requirePages(pageTexts);
        try (PDDocument doc = new PDDocument()) {
            List<String> truth = addTextPages(doc, pageTexts, options);
            PdfPages.applyMetadata(doc, options.metadata(), options.xmp());
            byte[] bytes = PdfPages.save(doc, true, "digital|" + pageTexts + "|" + options);
            return new Fixture(bytes, PDF, "document.pdf", truth.size(), truth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Image-only PDF (no text layer): each page a clean greyscale scan at {@code dpi}. */
    public static Fixture scannedPdf(List<String> pageTexts, int dpi) {
        return scannedPdf(pageTexts, RasterOptions.of(dpi));
    }

    /** Image-only PDF whose pages are rendered with {@code options} (page size, noise, skew, bitonal). */
    public static Fixture scannedPdf(List<String> pageTexts, RasterOptions options) {
        requirePages(pageTexts);
        try (PDDocument doc = new PDDocument()) {
            List<String> truth = new ArrayList<>();
            for (String text : pageTexts) {
                Raster.Page page = Raster.render(text, options);
                PdfPages.addImagePage(doc, page.image(), options.pageSize());
                truth.add(page.groundTruth());
            }
            byte[] bytes = PdfPages.save(doc, true, "scanned|" + pageTexts + "|" + options);
            return new Fixture(bytes, PDF, "scan.pdf", truth.size(), truth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PDF mixing text-layer and image-only pages, in the given order; scanned pages are A4 at {@code dpi}. */
    public static Fixture mixedPdf(List<PdfPage> pages, int dpi) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a PDF needs at least one page");
        }
        RasterOptions raster = RasterOptions.of(dpi);
        PdfOptions pdf = PdfOptions.defaults();
        try (PDDocument doc = new PDDocument()) {
            PdfPages.Fonts fonts = PdfPages.Fonts.helvetica();
            List<String> truth = new ArrayList<>();
            for (PdfPage page : pages) {
                if (page.scanned()) {
                    Raster.Page r = Raster.render(page.text(), raster);
                    PdfPages.addImagePage(doc, r.image(), raster.pageSize());
                    truth.add(r.groundTruth());
                } else {
                    truth.add(PdfPages.addTextPage(doc, fonts, page.text(), pdf.pageSize(), pdf.fontSize()));
                }
            }
            byte[] bytes = PdfPages.save(doc, true, "mixed|" + pages + "|" + dpi);
            return new Fixture(bytes, PDF, "chart.pdf", truth.size(), truth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AES-256 encrypted PDF that cannot be opened without {@link #USER_PASSWORD}. */
    public static Fixture passwordProtectedPdf() {
        return passwordProtectedPdf(List.of(DEFAULT_TEXT));
    }

    /** As {@link #passwordProtectedPdf()}, with known text so a test holding the password can verify it. */
    public static Fixture passwordProtectedPdf(List<String> pageTexts) {
        return encryptedPdf(pageTexts, USER_PASSWORD, new AccessPermission(), "password-protected.pdf");
    }

    /**
     * AES-256 encrypted PDF with an empty user password: it opens without a password (so loaders report
     * {@code isEncrypted()} but succeed), while printing, copying and modification are forbidden. The
     * pipeline must decide whether such permission flags block processing.
     */
    public static Fixture ownerPasswordOnlyPdf() {
        return ownerPasswordOnlyPdf(List.of(DEFAULT_TEXT));
    }

    public static Fixture ownerPasswordOnlyPdf(List<String> pageTexts) {
        AccessPermission restricted = new AccessPermission();
        restricted.setCanPrint(false);
        restricted.setCanPrintFaithful(false);
        restricted.setCanExtractContent(false);
        restricted.setCanModify(false);
        restricted.setCanModifyAnnotations(false);
        restricted.setCanFillInForm(false);
        restricted.setCanAssembleDocument(false);
        return encryptedPdf(pageTexts, "", restricted, "restricted.pdf");
    }

    private static Fixture encryptedPdf(List<String> pageTexts, String userPassword, AccessPermission permissions,
            String fileName) {
        requirePages(pageTexts);
        try (PDDocument doc = new PDDocument()) {
            List<String> truth = addTextPages(doc, pageTexts, PdfOptions.defaults());
            StandardProtectionPolicy policy = new StandardProtectionPolicy(OWNER_PASSWORD, userPassword, permissions);
            policy.setEncryptionKeyLength(256);
            policy.setPreferAES(true);
            doc.protect(policy);
            byte[] bytes = PdfPages.save(doc, false, "");
            return new Fixture(bytes, PDF, fileName, truth.size(), truth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code %PDF-1.7} header followed by 4 KB of seeded random bytes: passes a magic-number sniff but
     * has no objects, xref or trailer, so PDFBox (even in lenient mode) cannot load it.
     */
    public static Fixture corruptPdf() {
        byte[] header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] garbage = new byte[4096];
        new Random(0xC0FFEE).nextBytes(garbage);
        byte[] bytes = Arrays.copyOf(header, header.length + garbage.length);
        System.arraycopy(garbage, 0, bytes, header.length, garbage.length);
        return new Fixture(bytes, PDF, "corrupt.pdf", 0, List.of());
    }

    /**
     * The first 40% of a two-page digital PDF, cut mid-stream: no xref table, trailer or {@code %%EOF},
     * like an upload dropped halfway. PDFBox 3.0.6's lenient parser still "loads" it (two pages, no text),
     * which is exactly why ingest must detect truncation itself rather than trust a successful load; the
     * tests only pin down that the full text is not recoverable.
     */
    public static Fixture truncatedPdf() {
        return truncatedPdf(List.of(DEFAULT_TEXT, DEFAULT_TEXT), 0.4);
    }

    /**
     * The first {@code keepFraction} of a digital PDF of {@code pageTexts}. How much a lenient parser can
     * recover depends on where the cut falls, so {@link Fixture#pages()} is 0 and the original texts are
     * kept as ground truth for tests that do recover something.
     */
    public static Fixture truncatedPdf(List<String> pageTexts, double keepFraction) {
        if (keepFraction <= 0 || keepFraction >= 1) {
            throw new IllegalArgumentException("keepFraction must be in (0, 1)");
        }
        Fixture full = digitalPdf(pageTexts);
        byte[] cut = Arrays.copyOf(full.bytes(), (int) (full.bytes().length * keepFraction));
        return new Fixture(cut, PDF, "truncated.pdf", 0, full.pageTexts());
    }

    /**
     * One-page PDF whose MediaBox is 14,400 x 14,400 pt (200 x 200 inches): rendering it at 300 dpi means
     * a 60,000 x 60,000 pixel raster, so a rasterising OCR step must cap page size or DPI.
     */
    public static Fixture pdfWithHugePage() {
        Fixture f = digitalPdf(List.of(DEFAULT_TEXT), PdfOptions.defaults().withPageSize(HUGE_PAGE));
        return new Fixture(f.bytes(), PDF, "huge-page.pdf", 1, f.pageTexts());
    }

    /** {@link #pdfWithHugeImage(int, int)} with a 60,000 x 60,000 8-bit image (3.6 GB once decoded). */
    public static Fixture pdfWithHugeImage() {
        return pdfWithHugeImage(60_000, 60_000);
    }

    /**
     * A4 page drawing an image XObject whose dictionary claims {@code width x height} 8-bit grey pixels,
     * backed by a Flate stream of only 64 KB of zeros (a few hundred bytes compressed). It is built at the
     * COS level so the image is never materialised; a renderer that trusts /Width and /Height allocates
     * before it finds the data short.
     */
    public static Fixture pdfWithHugeImage(int width, int height) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            COSStream stream = doc.getDocument().createCOSStream();
            stream.setItem(COSName.TYPE, COSName.XOBJECT);
            stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
            stream.setInt(COSName.WIDTH, width);
            stream.setInt(COSName.HEIGHT, height);
            stream.setInt(COSName.BITS_PER_COMPONENT, 8);
            stream.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            try (var out = stream.createRawOutputStream()) {
                out.write(Bombs.deflatedZeros(64 * 1024));
            }
            PDImageXObject image = new PDImageXObject(new PDStream(stream), null);
            String caption = "Page with an oversized image";
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                cs.newLineAtOffset(72, 760);
                cs.showText(caption);
                cs.endText();
                cs.drawImage(image, 72, 300, 400, 400);
            }
            byte[] bytes = PdfPages.save(doc, true, "huge-image|" + width + "x" + height);
            return new Fixture(bytes, PDF, "huge-image.pdf", 1, List.of(caption));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- images

    /** Clean greyscale A4 page of {@code text} as PNG with pHYs set to {@code dpi}. */
    public static Fixture png(String text, int dpi) {
        return png(text, RasterOptions.of(dpi));
    }

    public static Fixture png(String text, RasterOptions options) {
        Raster.Page page = Raster.render(text, options);
        byte[] bytes = ImageEncoding.png(page.image(), options.dpi(), Map.of(), Map.of());
        return new Fixture(bytes, PNG, "scan.png", 1, List.of(page.groundTruth()));
    }

    /** Clean greyscale A4 page of {@code text} as JPEG (quality 0.85) with JFIF density set to {@code dpi}. */
    public static Fixture jpeg(String text, int dpi) {
        return jpeg(text, RasterOptions.of(dpi));
    }

    public static Fixture jpeg(String text, RasterOptions options) {
        Raster.Page page = Raster.render(text, options);
        byte[] bytes = ImageEncoding.jpeg(page.image(), options.dpi(), 0.85f, null, List.of());
        return new Fixture(bytes, JPEG, "photo.jpg", 1, List.of(page.groundTruth()));
    }

    /** Multi-page bitonal TIFF (CCITT Group 4) at {@code dpi}, one A4 page per entry: a fax server's output. */
    public static Fixture multiPageTiff(List<String> pageTexts, int dpi) {
        return multiPageTiff(pageTexts, RasterOptions.of(dpi).withBitonal(true));
    }

    /** Multi-page TIFF; bitonal options give CCITT Group 4 pages, greyscale ones Deflate. */
    public static Fixture multiPageTiff(List<String> pageTexts, RasterOptions options) {
        requirePages(pageTexts);
        List<BufferedImage> images = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (String text : pageTexts) {
            Raster.Page page = Raster.render(text, options);
            images.add(page.image());
            truth.add(page.groundTruth());
        }
        return new Fixture(ImageEncoding.tiff(images, options.dpi()), TIFF, "fax.tiff", images.size(), truth);
    }

    /**
     * A 200 dpi page rotated clockwise by {@code degrees} with the canvas enlarged to fit, like a page fed
     * sideways or upside down; the pipeline's orientation detection should undo it.
     */
    public static Fixture rotatedPng(String text, double degrees) {
        RasterOptions options = RasterOptions.of(200);
        Raster.Page page = Raster.render(text, options);
        BufferedImage rotated = Raster.rotate(page.image(), degrees, true);
        byte[] bytes = ImageEncoding.png(rotated, options.dpi(), Map.of(), Map.of());
        return new Fixture(bytes, PNG, "rotated.png", 1, List.of(page.groundTruth()));
    }

    /** A 200 dpi page whose content is skewed by {@code angleDegrees} (a crooked feed), canvas unchanged. */
    public static Fixture skewedPng(String text, double angleDegrees) {
        return png(text, RasterOptions.of(200).withSkew(angleDegrees)).withFileName("skewed.png");
    }

    /**
     * A poor fax: 100 dpi, 1-bit, slightly skewed (0.7 degrees) with speckle noise, Letter paper. The
     * hard-but-realistic case for OCR confidence thresholds.
     */
    public static Fixture lowDpiFaxPng(String text) {
        RasterOptions options = new RasterOptions(100, PageSize.LETTER, 12f, "Monospaced", true, 0.7, 0.003, 7L);
        return png(text, options).withFileName("fax.png");
    }

    /**
     * PNG of {@link #DEFAULT_TEXT} whose tEXt chunks (Author, Title) and iTXt chunks (Description and an
     * XMP packet) all carry {@code canary}, while the visible pixels do not: anything that copies image
     * metadata into outputs or logs will leak it.
     */
    public static Fixture pngWithCanaryMetadata(String canary) {
        RasterOptions options = RasterOptions.of(150);
        Raster.Page page = Raster.render(DEFAULT_TEXT, options);
        DocumentMetadata md = DocumentMetadata.withCanary(canary);
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Author", canary);
        text.put("Title", md.title());
        Map<String, String> itext = new LinkedHashMap<>();
        itext.put("Description", md.subject());
        itext.put("XML:com.adobe.xmp", Xmp.packet(md));
        byte[] bytes = ImageEncoding.png(page.image(), options.dpi(), text, itext);
        return new Fixture(bytes, PNG, "scan.png", 1, List.of(page.groundTruth()));
    }

    /**
     * JPEG of {@link #DEFAULT_TEXT} carrying {@code canary} in a COM segment, an EXIF APP1 (Artist,
     * ImageDescription) and an XMP APP1, the three places phone and scanner apps put a person's name.
     */
    public static Fixture jpegWithCanaryMetadata(String canary) {
        RasterOptions options = RasterOptions.of(150);
        Raster.Page page = Raster.render(DEFAULT_TEXT, options);
        DocumentMetadata md = DocumentMetadata.withCanary(canary);
        List<byte[]> app1 = List.of(
                ImageEncoding.exifApp1(md.subject(), canary),
                ImageEncoding.xmpApp1(Xmp.packet(md)));
        byte[] bytes = ImageEncoding.jpeg(page.image(), options.dpi(), 0.85f, "Scanned for " + canary, app1);
        return new Fixture(bytes, JPEG, "photo.jpg", 1, List.of(page.groundTruth()));
    }

    /**
     * Colour photo-style JPEG (300 dpi, ID-1 card size) of a fictional insurance card for {@code patient}:
     * a small, dense, colourful image unlike letter-sized scans, with the member id and DOB as PHI.
     */
    public static Fixture insuranceCardJpeg(FakePatient patient) {
        int dpi = 300;
        PageSize card = PageSize.ID1_CARD;
        int w = card.widthPx(dpi);
        int h = card.heightPx(dpi);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        List<String> lines = List.of(
                "FICTIONAL HEALTH PLAN",
                "Member: " + patient.name(),
                "Member ID: " + patient.memberId(),
                "DOB: " + patient.dobText(),
                "Group: TEST-0001   Plan: SAMPLE PPO",
                "Copay: PCP $20 / Specialist $40",
                "SPECIMEN - NOT A REAL CARD");
        Graphics2D g = img.createGraphics();
        try {
            Raster.hints(g);
            g.setColor(new Color(0xF4F7FB));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(0x1F5FA8));
            g.fillRect(0, 0, w, h / 5);
            float px = 9f * dpi / 72f;
            Font title = new Font("SansSerif", Font.BOLD, 1).deriveFont(px * 1.25f);
            Font body = new Font("SansSerif", Font.PLAIN, 1).deriveFont(px);
            Font small = new Font("SansSerif", Font.BOLD, 1).deriveFont(px * 0.8f);
            FontRenderContext frc = g.getFontRenderContext();
            int margin = Math.round(card.marginPt() * dpi / 72f);
            g.setColor(Color.WHITE);
            g.setFont(title);
            g.drawString(lines.get(0), margin, (float) (h / 10.0 + title.getLineMetrics(lines.get(0), frc)
                    .getAscent() / 2.5));
            g.setColor(new Color(0x1A1A1A));
            g.setFont(body);
            float y = h / 5f + margin + body.getLineMetrics("M", frc).getAscent();
            for (String line : lines.subList(1, lines.size() - 1)) {
                g.drawString(line, margin, y);
                y += px * Raster.LEADING;
            }
            g.setColor(new Color(0xB00020));
            g.setFont(small);
            g.drawString(lines.get(lines.size() - 1), margin, h - margin);
        } finally {
            g.dispose();
        }
        byte[] bytes = ImageEncoding.jpeg(img, dpi, 0.88f, null, List.of());
        return new Fixture(bytes, JPEG, "insurance-card.jpg", 1, List.of(String.join("\n", lines)));
    }

    // ---------------------------------------------------------------- bombs

    /** {@link #pngBomb(int, int)} at 50,000 x 50,000. */
    public static Fixture pngBomb() {
        return pngBomb(50_000, 50_000);
    }

    /**
     * PNG whose header declares {@code width x height} 1-bit pixels, with IDAT that genuinely inflates to
     * that much (all zeros). About 300 KB at 50k x 50k, written directly as bytes in milliseconds without
     * allocating the image; decoders must check declared dimensions before decoding.
     */
    public static Fixture pngBomb(int width, int height) {
        return new Fixture(Bombs.png(width, height), PNG, "bomb.png", 1, List.of());
    }

    /** {@link #tiffBomb(int, int)} at 50,000 x 50,000. */
    public static Fixture tiffBomb() {
        return tiffBomb(50_000, 50_000);
    }

    /** Bilevel CCITT G4 TIFF declaring {@code width x height} all-white pixels in a few kilobytes. */
    public static Fixture tiffBomb(int width, int height) {
        return new Fixture(Bombs.tiffG4(width, height, 200), TIFF, "bomb.tiff", 1, List.of());
    }

    // ---------------------------------------------------------------- disguises

    /** A real ZIP archive (two small text entries) with a {@code .pdf} file name. */
    public static Fixture zipNamedAsPdf() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("readme.txt", "Synthetic archive for MedSieve type-sniffing tests.\n");
        entries.put("notes/visit.txt", DEFAULT_TEXT + "\n");
        return new Fixture(zip(entries), ZIP, "scan.pdf", 0, List.of());
    }

    /**
     * A minimal but valid DOCX (OOXML WordprocessingML package) of {@link #DEFAULT_TEXT} with a
     * {@code .pdf} name: a ZIP at the byte level that only a deeper sniff identifies as Word.
     */
    public static Fixture docxNamedAsPdf() {
        StringBuilder body = new StringBuilder();
        for (String line : DEFAULT_TEXT.split("\n")) {
            String text = line.startsWith(TextLayout.HEADING_PREFIX) ? line.substring(2) : line;
            body.append("<w:p><w:r><w:t xml:space=\"preserve\">").append(Xmp.escape(text)).append("</w:t></w:r></w:p>");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/word/document.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                </Types>""");
        entries.put("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" \
                Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                Target="word/document.xml"/></Relationships>""");
        entries.put("word/document.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
                <w:body>%s</w:body></w:document>""".formatted(body));
        return new Fixture(zip(entries), DOCX, "referral.pdf", 1, List.of(DEFAULT_TEXT.replace("# ", "")));
    }

    /** An HTML page (a "report" saved from a web portal) with a {@code .pdf} file name. */
    public static Fixture htmlDocument() {
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Synthetic report</title></head>
                <body><h1>MedSieve synthetic test document</h1>
                <p>The quick brown fox jumps over the lazy dog. This page was generated for automated tests.</p>
                </body></html>
                """;
        return new Fixture(html.getBytes(StandardCharsets.UTF_8), HTML, "report.pdf", 1,
                List.of("MedSieve synthetic test document\nThe quick brown fox jumps over the lazy dog. "
                        + "This page was generated for automated tests."));
    }

    /** Plain UTF-8 text with a {@code .pdf} file name. */
    public static Fixture plainText() {
        String text = DEFAULT_TEXT.replace("# ", "");
        return new Fixture((text + "\n").getBytes(StandardCharsets.UTF_8), TEXT, "notes.pdf", 1, List.of(text));
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> addTextPages(PDDocument doc, List<String> pageTexts, PdfOptions options)
            throws IOException {
        PdfPages.Fonts fonts = PdfPages.Fonts.helvetica();
        List<String> truth = new ArrayList<>();
        for (String text : pageTexts) {
            truth.add(PdfPages.addTextPage(doc, fonts, text, options.pageSize(), options.fontSize()));
        }
        return truth;
    }

    private static void requirePages(List<String> pageTexts) {
        if (pageTexts.isEmpty()) {
            throw new IllegalArgumentException("a document needs at least one page");
        }
    }

    /** Stored with fixed timestamps so archives (and therefore samples) are byte-stable. */
    private static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
                zip.putNextEntry(entry);
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
