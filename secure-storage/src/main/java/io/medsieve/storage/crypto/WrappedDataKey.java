package io.medsieve.storage.crypto;

import java.util.Objects;

/**
 * A data key in wrapped form only, as returned by {@link KeyProvider#rewrapDataKey}: the plaintext key never
 * leaves the provider during a re-wrap, so there is nothing to zero.
 *
 * @param keyId   the tenant key version that now wraps the data key
 * @param wrapped the data key encrypted under that version
 */
public record WrappedDataKey(String keyId, byte[] wrapped) {

    public WrappedDataKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(wrapped, "wrapped");
    }

    @Override
    public String toString() {
        return "WrappedDataKey[keyId=" + keyId + ", wrapped=<" + wrapped.length + " bytes>]";
    }
}
