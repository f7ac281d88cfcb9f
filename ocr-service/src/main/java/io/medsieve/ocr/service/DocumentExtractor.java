package io.medsieve.ocr.service;

import io.medsieve.events.ExtractionMethod;
import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.ocr.domain.ExtractionFailedException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Extracts one document page by page: the PDF text layer where it is usable, OCR otherwise. Pages are decoded or
 * rendered one after the other on the calling thread and OCRed in parallel on the {@link TesseractWorkerPool};
 * at most two pages per worker are held as images at any time, so memory stays bounded however long the document.
 *
 * <p>A page that cannot be read fails the whole document (see the README: a partial extraction would hand the
 * redaction stage a document with a hole in it). Failures carry MedSieve's own reason text, never a library's
 * exception message.
 */
public final class DocumentExtractor {

    /** Extra wait beyond the per-page timeout before a page counts as stuck (Tesseract checks its deadline per word). */
    private static final long STUCK_GRACE_MILLIS = 10_000;
    /** The same grace, for the worker pool's watchdog. */
    public static final Duration STUCK_GRACE = Duration.ofMillis(STUCK_GRACE_MILLIS);

    private final TesseractWorkerPool pool;
    private final ExtractionSettings settings;
    private final PageObserver observer;
    private final TextLayerReader textLayers;
    private final PagePreprocessor preprocessor = new PagePreprocessor();

    public DocumentExtractor(TesseractWorkerPool pool, ExtractionSettings settings, PageObserver observer) {
        this.pool = pool;
        this.settings = settings;
        this.observer = observer;
        this.textLayers = new TextLayerReader(settings.minTextLayerChars(), settings.minTextLayerPlausibleShare());
        ImageIO.setUseCache(false); // no temporary files: decoded pages are plaintext PHI
    }

    /**
     * Extracts every page of a decrypted document.
     *
     * @throws ExtractionFailedException for unreadable documents and for the first page that fails
     */
    public Extraction extract(byte[] content, String mediaType) {
        List<ExtractedPage> pages = switch (mediaType) {
            case "application/pdf" -> extractPdf(content);
            case "image/png", "image/jpeg", "image/tiff" -> extractImages(content);
            default -> throw new ExtractionFailedException("ocr.unsupported-media-type",
                    "The OCR stage reads PDF, PNG, JPEG and TIFF documents only.", false);
        };
        return Extraction.of(settings.extractorVersion(), pages);
    }

    private List<ExtractedPage> extractPdf(byte[] content) {
        try (PDDocument document = Loader.loadPDF(content)) {
            int pageCount = document.getNumberOfPages();
            if (pageCount == 0) {
                throw noPages();
            }
            PDFRenderer renderer = new PDFRenderer(document);
            PageBatch batch = new PageBatch(pageCount);
            for (int index = 0; index < pageCount; index++) {
                int pageNumber = index + 1;
                try {
                    batch.add(extractPdfPage(document, renderer, index, batch));
                } catch (ExtractionFailedException e) {
                    batch.cancel();
                    throw e.onPage(pageNumber, pageCount);
                } catch (RuntimeException e) {
                    // PDFBox reports some damaged structures (a broken page tree, an object of the wrong type)
                    // unchecked; found by the fuzz corpus.
                    batch.cancel();
                    throw new ExtractionFailedException("ocr.unreadable-page", "The page could not be parsed.", false)
                            .onPage(pageNumber, pageCount);
                }
            }
            return batch.await();
        } catch (InvalidPasswordException e) {
            throw new ExtractionFailedException("ocr.encrypted-document", "The PDF needs a password to open.", false);
        } catch (IOException e) {
            throw new ExtractionFailedException("ocr.unreadable-document", "The PDF could not be parsed.", false);
        } catch (ExtractionFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            // The same damage met while loading the document or counting its pages.
            throw new ExtractionFailedException("ocr.unreadable-document", "The PDF could not be parsed.", false);
        }
    }

    private CompletableFuture<ExtractedPage> extractPdfPage(PDDocument document, PDFRenderer renderer, int index,
                                                            PageBatch batch) {
        long started = System.nanoTime();
        int pageNumber = index + 1;
        PDPage page = document.getPage(index);
        PDRectangle box = page.getCropBox();
        if (box.getWidth() < 1 || box.getHeight() < 1) {
            throw emptyPage();
        }
        boolean sideways = Math.floorMod(page.getRotation(), 180) == 90;
        double width = sideways ? box.getHeight() : box.getWidth();
        double height = sideways ? box.getWidth() : box.getHeight();
        try {
            TextLayerReader.TextLayer layer = textLayers.read(document, pageNumber);
            if (textLayers.usable(layer)) {
                ExtractedPage extracted = new ExtractedPage(pageNumber, ExtractionMethod.TEXT_LAYER,
                        round(width), round(height), layer.text(), layer.words(), 100, 0, 0, 0, false);
                observer.pageExtracted(extracted, System.nanoTime() - started);
                return CompletableFuture.completedFuture(extracted);
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable text layer is no reason to give up on the page: OCR it instead.
        }
        requireSmallImages(page.getResources());
        int dpi = renderDpiFor(width, height);
        batch.acquireSlot();
        BufferedImage image;
        try {
            image = renderer.renderImageWithDPI(index, dpi, ImageType.GRAY);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            batch.releaseSlot();
            throw new ExtractionFailedException("ocr.unreadable-page", "The page could not be rendered.", false);
        }
        return batch.track(ocr(pageNumber, image, dpi, started));
    }

    /** Lowers the render resolution for pages so large that the configured DPI would exceed the pixel limit. */
    private int renderDpiFor(double widthPoints, double heightPoints) {
        double inches = widthPoints / 72.0 * heightPoints / 72.0;
        int dpi = settings.renderDpi();
        if (inches * dpi * dpi > settings.maxPixelsPerPage()) {
            dpi = (int) Math.floor(Math.sqrt(settings.maxPixelsPerPage() / inches));
        }
        if (dpi < 72) {
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
                        && (long) image.getWidth() * image.getHeight() > settings.maxPixelsPerPage()) {
                    throw tooLarge();
                }
            } catch (IOException e) {
                throw new ExtractionFailedException("ocr.unreadable-page", "An image on the page could not be read.",
                        false);
            }
        }
    }

    private List<ExtractedPage> extractImages(byte[] content) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw new ExtractionFailedException("ocr.unreadable-document", "The image format was not recognised.",
                        false);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, false, false);
                int pageCount = reader.getNumImages(true);
                if (pageCount <= 0) {
                    throw noPages();
                }
                PageBatch batch = new PageBatch(pageCount);
                for (int index = 0; index < pageCount; index++) {
                    try {
                        batch.add(extractImagePage(reader, index, batch));
                    } catch (ExtractionFailedException e) {
                        batch.cancel();
                        throw e.onPage(index + 1, pageCount);
                    }
                }
                return batch.await();
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ExtractionFailedException failure) {
                throw failure;
            }
            throw new ExtractionFailedException("ocr.unreadable-document", "The image could not be decoded.", false);
        }
    }

    private CompletableFuture<ExtractedPage> extractImagePage(ImageReader reader, int index, PageBatch batch) {
        long started = System.nanoTime();
        BufferedImage image;
        int dpi;
        try {
            long width = reader.getWidth(index);
            long height = reader.getHeight(index);
            if (width < 1 || height < 1) {
                throw emptyPage();
            }
            if (width * height > settings.maxPixelsPerPage()) {
                throw tooLarge();
            }
            dpi = declaredDpi(reader.getImageMetadata(index));
            batch.acquireSlot();
            try {
                image = reader.read(index);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                batch.releaseSlot();
                throw unreadablePage();
            }
        } catch (IOException e) {
            throw unreadablePage();
        }
        return batch.track(ocr(index + 1, image, dpi, started));
    }

    /** The resolution an image declares (PNG pHYs, JFIF density, TIFF resolution), or 0 when it declares none. */
    private int declaredDpi(IIOMetadata metadata) {
        if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
            return 0;
        }
        Node root = metadata.getAsTree("javax_imageio_1.0");
        for (Node dimension = root.getFirstChild(); dimension != null; dimension = dimension.getNextSibling()) {
            if (!"Dimension".equals(dimension.getNodeName())) {
                continue;
            }
            for (Node item = dimension.getFirstChild(); item != null; item = item.getNextSibling()) {
                if ("HorizontalPixelSize".equals(item.getNodeName())) {
                    Node value = item.getAttributes().getNamedItem("value");
                    try {
                        double millimetresPerPixel = Double.parseDouble(value.getNodeValue());
                        int dpi = (int) Math.round(25.4 / millimetresPerPixel);
                        if (dpi >= 50 && dpi <= 2400) {
                            return dpi;
                        }
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    /**
     * Prepares and reads one page image on a worker: grey, resolution, skew, OCR. Orientation detection (a second
     * engine pass) runs only when the upright reading is poor or mostly vertical: most pages are upright, an
     * upside-down page reads with low confidence and a sideways one as vertical words. The better of the two readings wins.
     *
     * @param sourceDpi the image's resolution, 0 when it declares none (Tesseract then estimates it)
     */
    private CompletableFuture<ExtractedPage> ocr(int pageNumber, BufferedImage decoded, int sourceDpi, long started) {
        return pool.submit(engine -> {
            BufferedImage grey = preprocessor.toGrey(decoded);
            int dpi = sourceDpi;
            if (dpi > 0 && dpi < settings.minSourceDpi()) {
                grey = preprocessor.scale(grey, (double) settings.renderDpi() / dpi);
                dpi = settings.renderDpi();
            }
            int geometryDpi = dpi > 0 ? dpi : settings.assumedDpi();
            Reading best = read(engine, grey, 0, dpi, geometryDpi);
            if (best.result().meanConfidence() < settings.orientationCheckBelow() || mostlyVertical(best.result())) {
                int rotation = engine.orientation().detectRotation(grey, geometryDpi,
                        settings.minOrientationConfidence());
                if (rotation != 0) {
                    // OSD reports how the page is turned; turning it back is the opposite rotation.
                    Reading turned = read(engine, preprocessor.rotateClockwise(grey, 360 - rotation), rotation, dpi,
                            geometryDpi);
                    // Upright wins ties: downstream stages expect upright boxes, and OSD agreed.
                    if (turned.result().meanConfidence() >= best.result().meanConfidence() - 5) {
                        best = turned;
                    }
                }
            }
            OcrPageResult result = best.result();
            double mean = Math.round(result.meanConfidence() * 100.0) / 100.0;
            ExtractedPage page = new ExtractedPage(pageNumber, ExtractionMethod.OCR,
                    round(best.width() * 72.0 / geometryDpi), round(best.height() * 72.0 / geometryDpi),
                    result.text(), result.words(), mean, best.rotation(), best.skew(), geometryDpi,
                    mean < settings.lowConfidenceThreshold());
            observer.pageExtracted(page, System.nanoTime() - started);
            return page;
        });
    }

    /**
     * Whether most words came out taller than wide: Tesseract reads sideways text lines with good confidence, so a
     * page turned by 90 degrees is recognised by its geometry rather than its confidence.
     */
    private static boolean mostlyVertical(OcrPageResult result) {
        long longWords = result.words().stream().filter(word -> word.text().length() >= 3).count();
        long vertical = result.words().stream()
                .filter(word -> word.text().length() >= 3 && word.box().height() > word.box().width())
                .count();
        return longWords > 0 && vertical * 2 > longWords;
    }

    /**
     * Straightens an (already upright) page and reads it. Only pages of known resolution (at least the minimum, after
     * upsampling) are straightened: resampling a low-resolution image blurs its strokes more than a small skew
     * hurts, and Tesseract's line finder copes with small skew itself (measured on FUNSD's ~100 DPI forms: straightening
     * cost 2 CER points, while it helped 200-300 DPI pages).
     */
    private Reading read(TesseractWorkerPool.WorkerEngines engine, BufferedImage upright, int rotation, int dpi,
                         int geometryDpi) {
        double skew = dpi >= settings.minSourceDpi() ? preprocessor.skewDegrees(upright) : 0;
        BufferedImage straight = preprocessor.deskew(upright, skew);
        OcrPageResult result = engine.reader().recognize(straight, dpi, geometryDpi, settings.pageTimeout());
        return new Reading(result, rotation, skew, straight.getWidth(), straight.getHeight());
    }

    /** One OCR pass over a page in one orientation. */
    private record Reading(OcrPageResult result, int rotation, double skew, int width, int height) {
    }

    private static double round(double points) {
        return Math.round(points * 100.0) / 100.0;
    }

    private static ExtractionFailedException noPages() {
        return new ExtractionFailedException("ocr.no-pages", "The document has no pages.", false);
    }

    private static ExtractionFailedException emptyPage() {
        return new ExtractionFailedException("ocr.empty-page", "The page has zero width or height.", false);
    }

    private ExtractionFailedException tooLarge() {
        return new ExtractionFailedException("ocr.page-too-large",
                "The page exceeds the limit of " + settings.maxPixelsPerPage() + " pixels.", false);
    }

    private static ExtractionFailedException unreadablePage() {
        return new ExtractionFailedException("ocr.unreadable-page", "The page image could not be decoded.", false);
    }

    /**
     * The pages of one document in flight: their futures in page order, and the slots that bound how many decoded
     * page images exist at once.
     */
    private final class PageBatch {

        private final int pageCount;
        private final Semaphore slots = new Semaphore(pool.workers() * 2);
        private final List<CompletableFuture<ExtractedPage>> pages = new ArrayList<>();
        private final List<CompletableFuture<ExtractedPage>> queued = new ArrayList<>();

        PageBatch(int pageCount) {
            this.pageCount = pageCount;
        }

        void acquireSlot() {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExtractionFailedException("ocr.interrupted", "Extraction was interrupted.", true);
            }
        }

        void releaseSlot() {
            slots.release();
        }

        /** Frees the page's slot once its OCR is over, however it ended. */
        CompletableFuture<ExtractedPage> track(CompletableFuture<ExtractedPage> page) {
            queued.add(page);
            return page.whenComplete((result, failure) -> slots.release());
        }

        void add(CompletableFuture<ExtractedPage> page) {
            pages.add(page);
        }

        /** Gives up on the pages not started yet, so a failed document does not keep the workers busy. */
        void cancel() {
            // Cancelling the worker's own future is what stops a queued page from running at all.
            queued.forEach(page -> page.cancel(false));
            pages.forEach(page -> page.cancel(false));
        }

        List<ExtractedPage> await() {
            List<ExtractedPage> done = new ArrayList<>(pages.size());
            long waitMillis = settings.pageTimeout().toMillis() + STUCK_GRACE_MILLIS;
            for (int index = 0; index < pages.size(); index++) {
                try {
                    done.add(pages.get(index).get(waitMillis, TimeUnit.MILLISECONDS));
                } catch (ExecutionException | CompletionException | CancellationException | TimeoutException e) {
                    cancel();
                    throw failureOf(e).onPage(index + 1, pageCount);
                } catch (InterruptedException e) {
                    cancel();
                    Thread.currentThread().interrupt();
                    throw new ExtractionFailedException("ocr.interrupted", "Extraction was interrupted.", true);
                }
            }
            return done;
        }

        private ExtractionFailedException failureOf(Exception e) {
            if (e instanceof TimeoutException) {
                return new ExtractionFailedException("ocr.page-timeout",
                        "OCR did not finish within " + settings.pageTimeout().toSeconds() + " s.", true);
            }
            Throwable cause = e.getCause();
            if (cause instanceof ExtractionFailedException failure) {
                return failure;
            }
            if (cause instanceof OutOfMemoryError) {
                return new ExtractionFailedException("ocr.out-of-memory", "The page did not fit in memory.", true);
            }
            return new ExtractionFailedException("ocr.engine-failed", "The OCR engine could not read the page.",
                    false);
        }
    }
}
