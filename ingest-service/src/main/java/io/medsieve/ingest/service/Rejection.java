package io.medsieve.ingest.service;

/**
 * Why an upload was refused. Each reason has a stable problem type (RFC 9457) so clients can react to the
 * reason without parsing prose, and an HTTP status that says whose fault it is.
 */
public enum Rejection {
    MISSING_FILE(400, "missing-file", "No file part in the upload"),
    EMPTY_DOCUMENT(400, "empty-document", "The uploaded file is empty"),
    DOCUMENT_TOO_LARGE(413, "document-too-large", "The document exceeds the size limit"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The content is not a supported document type"),
    ENCRYPTED_PDF(422, "encrypted-pdf", "The PDF is password-protected"),
    CORRUPT_DOCUMENT(422, "corrupt-document", "The document cannot be parsed"),
    TOO_MANY_PAGES(422, "too-many-pages", "The document has more pages than allowed"),
    PAGE_TOO_LARGE(422, "page-too-large", "A page or image exceeds the pixel limit");

    private final int status;
    private final String slug;
    private final String title;

    Rejection(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Stable problem code (the problem type URI ends with it), also used in metrics and logs. */
    public String code() {
        return slug;
    }
}
