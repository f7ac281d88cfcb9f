package io.medsieve.ingest.service;

import io.medsieve.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Checks TIFF, PNG and JPEG uploads against the page and pixel limits by reading image headers only (no pixel
 * is decoded, so a decompression bomb costs nothing), then scrubs their embedded metadata.
 */
@ApplicationScoped
public class ImageInspector {

    static {
        // Header reads must not spill to temporary files: those would hold PHI outside the encrypted store.
        ImageIO.setUseCache(false);
    }

    private final IngestConfig config;
    private final ImageMetadataScrubber scrubber;

    public ImageInspector(IngestConfig config, ImageMetadataScrubber scrubber) {
        this.config = config;
        this.scrubber = scrubber;
    }

    /** Inspects an image whose type was already detected from its content. */
    public InspectedDocument inspect(String mediaType, byte[] content) {
        int pages = countCheckedPages(mediaType, content);
        byte[] scrubbed = scrubber.scrub(mediaType, content);
        return new InspectedDocument(mediaType, pages, scrubbed, true);
    }

    private int countCheckedPages(String mediaType, byte[] content) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw corrupt();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                boolean multiPage = MediaTypes.TIFF.equals(mediaType);
                int pages = 0;
                while (multiPage || pages == 0) {
                    if (pages == config.maxPages()) {
                        if (hasImage(reader, pages)) {
                            throw new DocumentRejectedException(Rejection.TOO_MANY_PAGES,
                                    "The image has more than " + config.maxPages() + " pages.");
                        }
                        break;
                    }
                    if (!hasImage(reader, pages)) {
                        break;
                    }
                    checkPixels((long) reader.getWidth(pages) * reader.getHeight(pages), pages + 1);
                    pages++;
                }
                if (pages == 0) {
                    throw corrupt();
                }
                return pages;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRejectedException rejected) {
                throw rejected;
            }
            // Decoder messages can echo content; report the fact only.
            throw corrupt();
        }
    }

    private static boolean hasImage(ImageReader reader, int index) throws IOException {
        try {
            reader.getWidth(index);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private void checkPixels(long pixels, int pageNumber) {
        if (pixels > config.maxPixelsPerPage()) {
            throw new DocumentRejectedException(Rejection.PAGE_TOO_LARGE,
                    "Page " + pageNumber + " declares " + pixels + " pixels; the limit is "
                            + config.maxPixelsPerPage() + ".");
        }
    }

    private static DocumentRejectedException corrupt() {
        return new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT, "The image headers cannot be read.");
    }
}
