package io.medsieve.storage.crypto;

/**
 * Encrypted content failed authentication: it was altered, truncated, or presented for another tenant, document
 * or purpose than it was sealed for. Distinct from {@link KeyUnavailableException} because this one warrants an
 * alert. Messages never contain plaintext or key material.
 */
public class TamperedEnvelopeException extends RuntimeException {

    public TamperedEnvelopeException(String message) {
        super(message);
    }

    public TamperedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
