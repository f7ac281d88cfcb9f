package io.medsieve.storage.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A one-off data key together with its wrapped form. It is {@link AutoCloseable} so callers can scope the
 * plaintext key with try-with-resources and have it zeroed as soon as the blob is sealed.
 *
 * <p>The accessors return the internal arrays (not copies), otherwise {@link #close()} could not wipe the key.
 *
 * @param keyId     identifies the tenant key that wrapped this data key; never reveals the tenant
 * @param plaintext the raw 256-bit AES key
 * @param wrapped   the key encrypted under the tenant key, safe to store next to the ciphertext
 */
public record DataKey(String keyId, byte[] plaintext, byte[] wrapped) implements AutoCloseable {

    public DataKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(wrapped, "wrapped");
    }

    /** Zeroes the plaintext key so it does not linger on the heap. */
    @Override
    public void close() {
        Arrays.fill(plaintext, (byte) 0);
    }

    /** Never prints key bytes: records would otherwise end up in logs and stack traces. */
    @Override
    public String toString() {
        return "DataKey[keyId=" + keyId + ", plaintext=<" + plaintext.length + " bytes redacted>, wrapped=<"
                + wrapped.length + " bytes>]";
    }
}
