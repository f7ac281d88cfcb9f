package io.medsieve.ingest.service;

import io.medsieve.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Checks a PDF against the limits and removes its document metadata. Page and image sizes are read from the
 * page boxes and image dictionaries without decoding anything, so a bomb is refused before it can explode.
 *
 * <p>Password-protected PDFs are refused: nothing downstream could read them. PDFs encrypted only to restrict
 * permissions (they open without a password) are accepted and stored without that encryption; the stored copy
 * is encrypted with the tenant's key instead.
 */
@ApplicationScoped
public class PdfInspector {

    /** How deep form XObjects may nest before the document is considered hostile. */
    private static final int MAX_FORM_DEPTH = 8;
    /** How far from the end the %%EOF marker may stand. */
    private static final int EOF_SEARCH_WINDOW = 1024;

    private final IngestConfig config;

    public PdfInspector(IngestConfig config) {
        this.config = config;
    }

    /** Inspects a PDF; see the class comment for the rules. */
    public InspectedDocument inspect(byte[] content) {
        requireEndOfFile(content);
        try (PDDocument document = load(content)) {
            int pages = document.getNumberOfPages();
            if (pages == 0) {
                throw new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT, "The PDF has no pages.");
            }
            if (pages > config.maxPages()) {
                throw new DocumentRejectedException(Rejection.TOO_MANY_PAGES,
                        "The PDF has " + pages + " pages; the limit is " + config.maxPages() + ".");
            }
            int pageNumber = 1;
            for (PDPage page : document.getPages()) {
                checkPageSize(page, pageNumber);
                checkImages(page.getResources(), pageNumber, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
                pageNumber++;
            }
            return new InspectedDocument(MediaTypes.PDF, pages, stripMetadata(document), true);
        } catch (IOException e) {
            // The parser's message may quote document content: report the fact only.
            throw new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT, "The PDF structure cannot be read.");
        }
    }

    /**
     * A PDF cut off in transfer still "opens": the parser rebuilds what it can and pages silently go missing. For a
     * medical record a missing page is worse than a refusal, so the end-of-file marker must be in the file's tail
     * (readers allow up to 1024 bytes of trailing junk after it).
     */
    private static void requireEndOfFile(byte[] content) {
        byte[] marker = "%%EOF".getBytes(StandardCharsets.US_ASCII);
        int from = Math.max(0, content.length - EOF_SEARCH_WINDOW);
        for (int start = content.length - marker.length; start >= from; start--) {
            if (Arrays.equals(content, start, start + marker.length, marker, 0, marker.length)) {
                return;
            }
        }
        throw new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT,
                "The PDF is truncated: it has no end-of-file marker. Upload the complete file.");
    }

    private static PDDocument load(byte[] content) throws IOException {
        try {
            return Loader.loadPDF(content);
        } catch (InvalidPasswordException e) {
            throw new DocumentRejectedException(Rejection.ENCRYPTED_PDF,
                    "The PDF needs a password to open. Upload an unprotected copy.");
        }
    }

    private void checkPageSize(PDPage page, int pageNumber) {
        PDRectangle box = page.getCropBox();
        double scale = config.renderDpi() / 72.0;
        double pixels = Math.abs(box.getWidth() * scale) * Math.abs(box.getHeight() * scale);
        if (pixels > config.maxPixelsPerPage()) {
            throw new DocumentRejectedException(Rejection.PAGE_TOO_LARGE,
                    "Page " + pageNumber + " would have " + (long) pixels + " pixels at " + config.renderDpi()
                            + " DPI; the limit is " + config.maxPixelsPerPage() + ".");
        }
    }

    private void checkImages(PDResources resources, int pageNumber, int depth, Set<Object> seen)
            throws IOException {
        if (resources == null || !seen.add(resources.getCOSObject())) {
            return;
        }
        if (depth > MAX_FORM_DEPTH) {
            throw new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT,
                    "Page " + pageNumber + " nests forms deeper than " + MAX_FORM_DEPTH + " levels.");
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject xObject = resources.getXObject(name);
            if (xObject instanceof PDImageXObject image) {
                long pixels = (long) image.getWidth() * image.getHeight();
                if (pixels > config.maxPixelsPerPage()) {
                    throw new DocumentRejectedException(Rejection.PAGE_TOO_LARGE,
                            "Page " + pageNumber + " embeds an image of " + pixels + " pixels; the limit is "
                                    + config.maxPixelsPerPage() + ".");
                }
            } else if (xObject instanceof PDFormXObject form) {
                checkImages(form.getResources(), pageNumber, depth + 1, seen);
            }
        }
    }

    /** Removes the info dictionary and XMP streams, which often carry author, patient or system names. */
    private static byte[] stripMetadata(PDDocument document) throws IOException {
        document.getDocument().getTrailer().removeItem(COSName.INFO);
        document.getDocumentCatalog().setMetadata(null);
        document.getDocumentCatalog().getCOSObject().removeItem(COSName.PIECE_INFO);
        for (PDPage page : document.getPages()) {
            page.setMetadata(null);
            page.getCOSObject().removeItem(COSName.PIECE_INFO);
        }
        if (document.isEncrypted()) {
            document.setAllSecurityToBeRemoved(true);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
