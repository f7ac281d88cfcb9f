package io.medsieve.storage.crypto;

/**
 * The key needed to decrypt is gone (tenant crypto-shredded) or was never known here. Callers treat this as
 * permanent, unlike tampering, which is a security incident. The message names only the key id, never the
 * tenant.
 */
public class KeyUnavailableException extends RuntimeException {

    private final String keyId;

    /** @param keyId the key that is unavailable, or null when the tenant never had one */
    public KeyUnavailableException(String keyId) {
        super("key unavailable: keyId=" + (keyId == null ? "(none)" : keyId));
        this.keyId = keyId;
    }

    /** Lets callers correlate the failure with audit records without parsing the message. */
    public String keyId() {
        return keyId;
    }
}
