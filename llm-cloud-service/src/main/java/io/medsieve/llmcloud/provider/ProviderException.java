package io.medsieve.llmcloud.provider;

/**
 * A provider call failed. The message is written by MedSieve (status and a short code), never the provider's
 * response body, which may echo the request.
 */
public final class ProviderException extends RuntimeException {

    private final boolean retryable;
    private final int status;

    public ProviderException(String message, int status, boolean retryable) {
        super(message, null, false, false);
        this.status = status;
        this.retryable = retryable;
    }

    /** Network errors, timeouts, 408, 409, 429 and 5xx: the provider may answer later. */
    public static ProviderException forStatus(String operation, int status) {
        boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
        return new ProviderException(operation + " failed with HTTP " + status, status, retryable);
    }

    /** Whether the same request may succeed later. */
    public boolean retryable() {
        return retryable;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }
}
