package io.medsieve.ingest.service;

import io.medsieve.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.tika.Tika;

/**
 * Decides what an upload is from its bytes alone and whether the pipeline can safely take it. The client's
 * declared content type and file name are never consulted: both are trivially forged, and the name often holds a
 * patient's name.
 */
@ApplicationScoped
public class UploadInspector {

    private final Tika tika = new Tika();
    private final PdfInspector pdfs;
    private final ImageInspector images;
    private final IngestConfig config;

    public UploadInspector(PdfInspector pdfs, ImageInspector images, IngestConfig config) {
        this.pdfs = pdfs;
        this.images = images;
        this.config = config;
    }

    /**
     * Sniffs, checks limits and strips metadata. Blocking and CPU-bound: call it on a worker thread.
     *
     * @throws DocumentRejectedException with the reason the upload cannot be taken
     */
    public InspectedDocument inspect(byte[] content) {
        checkSize(content.length);
        String detected = tika.detect(content);
        return switch (detected) {
            case MediaTypes.PDF -> pdfs.inspect(content);
            case MediaTypes.TIFF, MediaTypes.PNG, MediaTypes.JPEG -> images.inspect(detected, content);
            default -> throw new DocumentRejectedException(Rejection.UNSUPPORTED_MEDIA_TYPE,
                    "Detected " + detected + " from the content; accepted are PDF, TIFF, PNG and JPEG.");
        };
    }

    /** Rejects empty and oversized uploads before any parsing. */
    public void checkSize(long sizeBytes) {
        if (sizeBytes == 0) {
            throw new DocumentRejectedException(Rejection.EMPTY_DOCUMENT, "The uploaded file has no content.");
        }
        long max = config.maxDocumentSize().asLongValue();
        if (sizeBytes > max) {
            throw new DocumentRejectedException(Rejection.DOCUMENT_TOO_LARGE,
                    "The document has " + sizeBytes + " bytes; the limit is " + max + " bytes.");
        }
    }
}
