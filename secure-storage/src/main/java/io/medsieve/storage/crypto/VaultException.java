package io.medsieve.storage.crypto;

/**
 * A failed Vault call, reduced to what is safe to log: the operation name and HTTP status. Vault's own error
 * strings stay out of the message (they can echo key names, i.e. tenant ids) and are kept only for diagnosis.
 */
final class VaultException extends RuntimeException {

    /** Status used when no HTTP response arrived (connection refused, timeout). */
    static final int NO_RESPONSE = 0;

    private final int status;
    private final boolean retryable;

    VaultException(String operation, int status, boolean retryable, Throwable cause) {
        super("vault " + operation + " failed: " + (status == NO_RESPONSE ? "no response" : "HTTP " + status),
                cause, false, false);
        this.status = status;
        this.retryable = retryable;
    }

    int status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }
}
