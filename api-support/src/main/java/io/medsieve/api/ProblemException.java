package io.medsieve.api;

/**
 * A request refused for a stated reason, answered as problem+json by {@link ProblemMappers}. The detail is written
 * by MedSieve code and must never quote a document, a file name or a library's message (those can carry PHI);
 * the exception has no stack trace because it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;

    public ProblemException(int status, String code, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** No tenant could be established for the caller. */
    public static ProblemException tenantRequired(String detail) {
        return new ProblemException(401, "tenant-required", "The caller's tenant is unknown", detail);
    }

    /**
     * Nothing with this id in the caller's tenant. Another tenant's resource gets exactly this answer, so ids
     * cannot be probed across tenants.
     */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, what + "-not-found", "Not found",
                "No " + what + " with this id exists for your tenant.");
    }

    /** A request field is malformed. */
    public static ProblemException invalidField(String detail) {
        return new ProblemException(400, "invalid-field", "A request field has an invalid value", detail);
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
