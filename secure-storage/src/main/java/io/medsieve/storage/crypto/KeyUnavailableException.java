package io.medsieve.storage.crypto;

/**
 * The key needed to decrypt is gone (tenant crypto-shredded) or was never known here, or the key service
 * (Vault) could not be reached. Callers treat it as permanent unless {@link #retryable()} says otherwise, unlike
 * tampering, which is a security incident. The message names only the key id, never the tenant.
 */
public class KeyUnavailableException extends RuntimeException {

    private final String keyId;
    private final boolean retryable;

    /** @param keyId the key that is unavailable, or null when the tenant never had one */
    public KeyUnavailableException(String keyId) {
        super("key unavailable: keyId=" + (keyId == null ? "(none)" : keyId));
        this.keyId = keyId;
        this.retryable = false;
    }

    /**
     * For a key service failure. {@code detail} must not contain tenant ids, tokens or key material; the
     * {@code cause} carries only status codes.
     *
     * @param retryable true when the failure is transient (outage, timeout), so the caller should retry later
     *                  instead of dead-lettering
     */
    public KeyUnavailableException(String keyId, String detail, boolean retryable, Throwable cause) {
        super("key unavailable: keyId=" + (keyId == null ? "(none)" : keyId) + " (" + detail + ")", cause);
        this.keyId = keyId;
        this.retryable = retryable;
    }

    /** True when the key service was unreachable or overloaded rather than the key being gone. */
    public boolean retryable() {
        return retryable;
    }

    /** Lets callers correlate the failure with audit records without parsing the message. */
    public String keyId() {
        return keyId;
    }
}
