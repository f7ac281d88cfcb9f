package io.medsieve.llmlocal.backend;

/**
 * A model call failed. The message is written by MedSieve code and names what went wrong only; it never carries a
 * library's or server's own message, which can quote the prompt (and so the document).
 */
public class BackendException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public BackendException(String code, String message, boolean retryable) {
        super(message, null, false, false);
        this.code = code;
        this.retryable = retryable;
    }

    /** Stable reason code, e.g. {@code llm-local.timeout}; becomes the StageFailed reason code. */
    public String code() {
        return code;
    }

    /** Whether the same input may succeed later. */
    public boolean retryable() {
        return retryable;
    }
}
