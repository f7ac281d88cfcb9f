package io.medsieve.ingest.rest;

/** A request the API refuses for a reason that is not about the document's content (tenant, unknown id). */
public class ApiProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;

    private ApiProblemException(int status, String code, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** No tenant could be established for the caller. */
    public static ApiProblemException tenantRequired(String detail) {
        return new ApiProblemException(401, "tenant-required", "The caller's tenant is unknown", detail);
    }

    /** No such document in the caller's tenant (another tenant's document looks exactly the same). */
    public static ApiProblemException documentNotFound() {
        return new ApiProblemException(404, "document-not-found", "Document not found",
                "No document with this id exists for your tenant.");
    }

    /** A request field is malformed. */
    public static ApiProblemException invalidField(String detail) {
        return new ApiProblemException(400, "invalid-field", "A request field has an invalid value", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
