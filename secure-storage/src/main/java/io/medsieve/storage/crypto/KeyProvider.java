package io.medsieve.storage.crypto;

/**
 * Per-tenant key-encryption keys. Every blob gets its own data key wrapped by its tenant's key, so
 * destroying one tenant key crypto-shreds all of that tenant's blobs without touching the blobs themselves.
 * The embedded default is {@link LocalKeyring}; {@code VaultTransitKeyProvider} puts Vault Transit behind the
 * same interface (selected by {@code medsieve.keys.provider}).
 *
 * <p>Implementations are shared by all threads of a service and must be thread-safe.
 */
public interface KeyProvider {

    /**
     * Creates a fresh random AES-256 data key wrapped by the tenant key, creating the tenant key on first use,
     * so that no caller ever encrypts two blobs under the same key.
     *
     * @throws KeyUnavailableException if the tenant key was destroyed
     */
    DataKey newDataKey(String tenantId);

    /**
     * Recovers a data key so a blob can be decrypted, possibly by another process than the one that wrapped it.
     * The caller owns the returned array and should zero it after use.
     *
     * @throws KeyUnavailableException  if the tenant has no key or its key was destroyed (crypto-shredded)
     * @throws TamperedEnvelopeException if {@code keyId} is not the tenant's key or {@code wrappedKey} fails
     *                                   authentication, i.e. the envelope was altered or belongs to another tenant
     */
    byte[] unwrapDataKey(String tenantId, String keyId, byte[] wrappedKey);

    /**
     * Derives a stable per-tenant secret for keyed hashing (e.g. placeholders), so pseudonyms cannot be linked
     * across tenants or purposes and die with the tenant key. Creates the tenant key on first use. The secret
     * does not change when the tenant key is rotated: placeholders and signing keys derived from it must stay
     * stable for the tenant's lifetime, and only shredding ends them.
     *
     * @throws KeyUnavailableException if the tenant key was destroyed
     */
    byte[] hmacKey(String tenantId, String purpose);

    /**
     * Crypto-shreds a tenant: afterwards every data key it wrapped is unrecoverable, forever. Idempotent.
     */
    void destroyTenantKey(String tenantId);

    /**
     * Rotates the tenant key: new data keys are wrapped by a new key version, while data keys wrapped by older
     * versions still unwrap. Rotation limits how much data one key version protects; it is not a substitute for
     * shredding, since old versions remain usable until explicitly retired.
     *
     * @return the key id that new data keys will carry
     * @throws KeyUnavailableException       if the tenant has no key or it was destroyed
     * @throws UnsupportedOperationException if this provider cannot rotate (the default)
     */
    default String rotateTenantKey(String tenantId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support key rotation");
    }

    /**
     * Re-wraps a data key under the tenant's current key version without the caller ever seeing the data key,
     * so stored wrapped keys can be moved off an old version before that version is retired.
     *
     * @throws KeyUnavailableException       as for {@link #unwrapDataKey}
     * @throws TamperedEnvelopeException     as for {@link #unwrapDataKey}
     * @throws UnsupportedOperationException if this provider cannot re-wrap (the default)
     */
    default WrappedDataKey rewrapDataKey(String tenantId, String keyId, byte[] wrappedKey) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support re-wrapping");
    }
}
