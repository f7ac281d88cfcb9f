package io.medsieve.redaction.pdf;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Produces a flattened redacted PDF: every page of the original is turned into pixels, the boxes are painted solid
 * black into those pixels, and the page becomes one image on a page of a new, empty document. Drawing black
 * rectangles over a PDF would leave the text, fonts, metadata, annotations and attachments underneath; here
 * nothing from the original survives but the pixels of its pages, so what a reader sees is all there is.
 *
 * <p>Pages are rendered (PDF, with PDFBox, in greyscale at {@code renderDpi}, lowered for pages that would exceed
 * {@code maxPixelsPerPage}) or decoded (PNG, JPEG, multi-page TIFF, with ImageIO) one at a time, and each page
 * image is compressed into the output before the next is made, so memory holds one uncompressed page image however
 * long the document (plus the compressed output, which the API returns as bytes). Annotations are not drawn (their text is not in the text layer the extraction read, so it was never
 * checked for PHI). Output pages are lossless 8-bit grey (Flate, {@link LosslessFactory}): the masks stay exactly
 * black, text stays as sharp as the rendering, and a dense A4 text page is about 400 KB at 200 DPI.
 *
 * <p>Thread-safe and stateless: one instance can serve every worker. It never logs, and its exceptions
 * ({@link PdfRedactionException}) carry reason codes, never content.
 */
public final class PdfRedactor {

    /** Aspect ratios of the original page and the reported size may differ this much (pixel rounding, not rotation). */
    private static final double ASPECT_TOLERANCE = 0.02;
    /** Reported PDF page sizes are rounded to 0.01 pt; anything further off is a different page. */
    private static final double PDF_SIZE_TOLERANCE_POINTS = 1.0;
    private static final int MIN_DPI = 72;

    private final int renderDpi;
    private final long maxPixelsPerPage;
    private final double paddingPoints;

    /**
     * @param renderDpi        resolution PDF pages are rendered at (images keep their own pixels); 150-300 is sensible
     * @param maxPixelsPerPage most pixels one page image may have: PDF pages are rendered at a lower DPI to stay under
     *                         it (not below 72), images over it are refused
     * @param paddingPoints    added to every side of every box, to cover anti-aliased glyph edges and small
     *                         misalignments between the extraction's boxes and the rendering
     */
    public PdfRedactor(int renderDpi, long maxPixelsPerPage, double paddingPoints) {
        if (renderDpi < MIN_DPI || renderDpi > 1200) {
            throw new IllegalArgumentException("renderDpi must be between 72 and 1200");
        }
        if (maxPixelsPerPage < 1) {
            throw new IllegalArgumentException("maxPixelsPerPage must be positive");
        }
        if (!(paddingPoints >= 0) || Double.isInfinite(paddingPoints)) {
            throw new IllegalArgumentException("paddingPoints must be zero or more");
        }
        this.renderDpi = renderDpi;
        this.maxPixelsPerPage = maxPixelsPerPage;
        this.paddingPoints = paddingPoints;
        ImageIO.setUseCache(false); // no temporary files: decoded pages are plaintext PHI
    }

    /**
     * Redacts a stored original.
     *
     * @param original  the stored original (application/pdf, image/png, image/jpeg, image/tiff multi-page)
     * @param mediaType its media type; parameters after {@code ;} are ignored
     * @param pages     the size of every page as the extraction reported it, exactly one per page
     * @param boxes     the rectangles to black out, on any page, in any order
     * @return a new PDF with one image-only page per original page, of the reported size
     * @throws PdfRedactionException when the original cannot be read, the page sizes do not fit it, a box names a page
     *                               the document does not have, or a page exceeds the pixel limit
     */
    public RedactedPdf redact(byte[] original, String mediaType, List<PageSize> pages, List<RedactionBox> boxes) {
        if (original == null || mediaType == null || pages == null || boxes == null) {
            throw new IllegalArgumentException("original, mediaType, pages and boxes are required");
        }
        Map<Integer, PageSize> sizes = sizesByPage(pages);
        Map<Integer, List<RedactionBox>> boxesByPage = boxesByPage(boxes);
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/pdf" -> redactPdf(original, sizes, boxesByPage);
            case "image/png", "image/jpeg", "image/tiff" -> redactImages(original, sizes, boxesByPage);
            default -> throw new PdfRedactionException("redaction.pdf.unsupported-media-type",
                    "Only PDF, PNG, JPEG and TIFF originals can be redacted.");
        };
    }

    private RedactedPdf redactPdf(byte[] original, Map<Integer, PageSize> sizes,
                                  Map<Integer, List<RedactionBox>> boxes) {
        try (PDDocument source = Loader.loadPDF(original); PDDocument output = new PDDocument()) {
            int pageCount = source.getNumberOfPages();
            requireLayout(pageCount, sizes, boxes);
            PDFRenderer renderer = new PDFRenderer(source);
            // Annotations (comments, stamps, form-field values) are not part of the text layer the extraction read,
            // so their text was never checked for PHI: drawing them would put unchecked text into the output.
            renderer.setAnnotationsFilter(annotation -> false);
            for (int index = 0; index < pageCount; index++) {
                PageSize size = sizes.get(index + 1);
                PDPage page = source.getPage(index);
                PDRectangle crop = page.getCropBox();
                boolean sideways = Math.floorMod(page.getRotation(), 180) == 90;
                double width = sideways ? crop.getHeight() : crop.getWidth();
                double height = sideways ? crop.getWidth() : crop.getHeight();
                if (width < 1 || height < 1) {
                    throw new PdfRedactionException("redaction.pdf.empty-page", "A page has zero width or height.");
                }
                double expectedWidth = size.sideways() ? size.height() : size.width();
                double expectedHeight = size.sideways() ? size.width() : size.height();
                if (Math.abs(width - expectedWidth) > PDF_SIZE_TOLERANCE_POINTS
                        || Math.abs(height - expectedHeight) > PDF_SIZE_TOLERANCE_POINTS) {
                    throw sizeMismatch();
                }
                requireSmallImages(page.getResources());
                int dpi = dpiFor(width, height);
                BufferedImage image;
                try {
                    image = renderer.renderImageWithDPI(index, dpi, ImageType.GRAY);
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    throw new PdfRedactionException("redaction.pdf.unreadable-page", "A page could not be rendered.");
                }
                addRedactedPage(output, upright(image, size), size, boxes.getOrDefault(index + 1, List.of()));
            }
            return new RedactedPdf(save(output), pageCount);
        } catch (InvalidPasswordException e) {
            throw new PdfRedactionException("redaction.pdf.encrypted-document", "The PDF needs a password to open.");
        } catch (IOException | RuntimeException e) {
            if (e instanceof PdfRedactionException failure) {
                throw failure;
            }
            // A broken page tree or object surfaces as a runtime exception whose message may quote the file.
            throw new PdfRedactionException("redaction.pdf.unreadable-document", "The PDF could not be parsed.");
        }
    }

    private RedactedPdf redactImages(byte[] original, Map<Integer, PageSize> sizes,
                                     Map<Integer, List<RedactionBox>> boxes) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(original));
             PDDocument output = new PDDocument()) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw unreadableImage();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, false, true); // ignore metadata: only pixels go on
                int pageCount = reader.getNumImages(true);
                requireLayout(pageCount, sizes, boxes);
                for (int index = 0; index < pageCount; index++) {
                    long width = reader.getWidth(index);
                    long height = reader.getHeight(index);
                    if (width < 1 || height < 1) {
                        throw new PdfRedactionException("redaction.pdf.empty-page",
                                "A page has zero width or height.");
                    }
                    if (width * height > maxPixelsPerPage) {
                        throw tooLarge();
                    }
                    BufferedImage decoded;
                    try {
                        decoded = reader.read(index);
                    } catch (IOException | RuntimeException | OutOfMemoryError e) {
                        throw new PdfRedactionException("redaction.pdf.unreadable-page",
                                "A page image could not be decoded.");
                    }
                    PageSize size = sizes.get(index + 1);
                    addRedactedPage(output, upright(toGrey(decoded), size), size,
                            boxes.getOrDefault(index + 1, List.of()));
                }
                return new RedactedPdf(save(output), pageCount);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PdfRedactionException failure) {
                throw failure;
            }
            throw unreadableImage();
        }
    }

    /**
     * Paints the boxes into the page image and appends it as the only content of a new page of the reported size.
     * Boxes are scaled by pixels per point of this very image, so the DPI the OCR stage assumed for an image (or the
     * DPI this class rendered a PDF at) cancels out.
     */
    private void addRedactedPage(PDDocument output, BufferedImage grey, PageSize size, List<RedactionBox> boxes)
            throws IOException {
        double expectedAspect = size.width() / size.height();
        double actualAspect = (double) grey.getWidth() / grey.getHeight();
        if (Math.abs(actualAspect / expectedAspect - 1) > ASPECT_TOLERANCE) {
            throw sizeMismatch();
        }
        double pixelsPerPointX = grey.getWidth() / size.width();
        double pixelsPerPointY = grey.getHeight() / size.height();
        Graphics2D g = grey.createGraphics();
        try {
            g.setColor(Color.BLACK);
            for (RedactionBox box : boxes) {
                int left = clamp(Math.floor((box.x() - paddingPoints) * pixelsPerPointX), grey.getWidth());
                int top = clamp(Math.floor((box.y() - paddingPoints) * pixelsPerPointY), grey.getHeight());
                int right = clamp(Math.ceil((box.x() + box.width() + paddingPoints) * pixelsPerPointX),
                        grey.getWidth());
                int bottom = clamp(Math.ceil((box.y() + box.height() + paddingPoints) * pixelsPerPointY),
                        grey.getHeight());
                if (right > left && bottom > top) {
                    g.fillRect(left, top, right - left, bottom - top);
                }
            }
        } finally {
            g.dispose();
        }
        PDRectangle mediaBox = new PDRectangle((float) size.width(), (float) size.height());
        PDPage page = new PDPage(mediaBox);
        output.addPage(page);
        PDImageXObject image = LosslessFactory.createFromImage(output, grey);
        try (PDPageContentStream content = new PDPageContentStream(output, page)) {
            content.drawImage(image, 0, 0, mediaBox.getWidth(), mediaBox.getHeight());
        }
    }

    /** Turns the page image the way the OCR stage turned it before reading, so the boxes land where it read. */
    private static BufferedImage upright(BufferedImage grey, PageSize size) {
        BufferedImage turned = grey;
        for (int turns = (360 - size.rotationDegrees()) % 360 / 90; turns > 0; turns--) {
            turned = quarterTurnClockwise(turned);
        }
        return turned;
    }

    private static BufferedImage quarterTurnClockwise(BufferedImage source) {
        int width = source.getWidth();
        int height = source.getHeight();
        BufferedImage target = new BufferedImage(height, width, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster out = target.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            source.getRaster().getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                out.setSample(height - 1 - y, x, 0, row[x]);
            }
        }
        return target;
    }

    /** The configured DPI, lowered for pages so large that it would exceed the pixel limit (as the OCR stage does). */
    private int dpiFor(double widthPoints, double heightPoints) {
        double squareInches = widthPoints / 72.0 * heightPoints / 72.0;
        int dpi = renderDpi;
        if (squareInches * dpi * dpi > maxPixelsPerPage) {
            dpi = (int) Math.floor(Math.sqrt(maxPixelsPerPage / squareInches));
        }
        if (dpi < MIN_DPI) {
            throw tooLarge();
        }
        return dpi;
    }

    /** Refuses pages drawing an image whose declared size is a decompression bomb, before PDFBox decodes it. */
    private void requireSmallImages(PDResources resources) {
        if (resources == null) {
            return;
        }
        for (COSName name : resources.getXObjectNames()) {
            try {
                PDXObject object = resources.getXObject(name);
                if (object instanceof PDImageXObject image
                        && (long) image.getWidth() * image.getHeight() > maxPixelsPerPage) {
                    throw tooLarge();
                }
            } catch (IOException e) {
                throw new PdfRedactionException("redaction.pdf.unreadable-page",
                        "An image on a page could not be read.");
            }
        }
    }

    /** 8-bit grey on white paper: transparent pixels become paper, and colour is not needed to read a redacted page. */
    private static BufferedImage toGrey(BufferedImage image) {
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return grey;
    }

    private static Map<Integer, PageSize> sizesByPage(List<PageSize> pages) {
        Map<Integer, PageSize> sizes = new HashMap<>();
        for (PageSize size : pages) {
            if (size == null || !(size.width() >= 1) || !(size.height() >= 1) || Double.isInfinite(size.width())
                    || Double.isInfinite(size.height()) || sizes.put(size.page(), size) != null) {
                throw new PdfRedactionException("redaction.pdf.invalid-page-size",
                        "Every page needs exactly one finite size of at least 1 point.");
            }
        }
        return sizes;
    }

    private static Map<Integer, List<RedactionBox>> boxesByPage(List<RedactionBox> boxes) {
        Map<Integer, List<RedactionBox>> byPage = new HashMap<>();
        for (RedactionBox box : boxes) {
            if (box == null || !Double.isFinite(box.x()) || !Double.isFinite(box.y())
                    || !Double.isFinite(box.width()) || !Double.isFinite(box.height())
                    || box.width() < 0 || box.height() < 0) {
                throw new PdfRedactionException("redaction.pdf.invalid-box",
                        "A redaction box has a negative or non-finite coordinate or size.");
            }
            byPage.computeIfAbsent(box.page(), page -> new ArrayList<>()).add(box);
        }
        return byPage;
    }

    /** Every page has a size, no size or box names a page the document does not have. */
    private static void requireLayout(int pageCount, Map<Integer, PageSize> sizes,
                                      Map<Integer, List<RedactionBox>> boxes) {
        if (pageCount <= 0) {
            throw new PdfRedactionException("redaction.pdf.no-pages", "The document has no pages.");
        }
        if (sizes.size() != pageCount || sizes.keySet().stream().anyMatch(page -> page < 1 || page > pageCount)) {
            throw new PdfRedactionException("redaction.pdf.page-count-mismatch",
                    "The page sizes given do not match the document's pages.");
        }
        if (boxes.keySet().stream().anyMatch(page -> page < 1 || page > pageCount)) {
            throw new PdfRedactionException("redaction.pdf.box-outside-document",
                    "A redaction box names a page the document does not have.");
        }
    }

    private static int clamp(double pixel, int limit) {
        return (int) Math.max(0, Math.min(limit, pixel));
    }

    private static byte[] save(PDDocument output) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // No object streams: the few structural objects stay plain, so anyone can check the file with grep.
        output.save(bytes, CompressParameters.NO_COMPRESSION);
        return bytes.toByteArray();
    }

    private PdfRedactionException tooLarge() {
        return new PdfRedactionException("redaction.pdf.page-too-large",
                "A page exceeds the limit of " + maxPixelsPerPage + " pixels.");
    }

    private static PdfRedactionException sizeMismatch() {
        return new PdfRedactionException("redaction.pdf.page-size-mismatch",
                "A reported page size does not match the original's page.");
    }

    private static PdfRedactionException unreadableImage() {
        return new PdfRedactionException("redaction.pdf.unreadable-document", "The image could not be decoded.");
    }
}
