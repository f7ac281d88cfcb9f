package io.medsieve.storage.crypto;

/**
 * Per-tenant key-encryption keys. Every blob gets its own data key wrapped by its tenant's key, so
 * destroying one tenant key crypto-shreds all of that tenant's blobs without touching the blobs themselves.
 * The embedded default is {@link LocalKeyring}; Vault Transit can later sit behind the same interface.
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
     * across tenants or purposes and die with the tenant key. Creates the tenant key on first use.
     *
     * @throws KeyUnavailableException if the tenant key was destroyed
     */
    byte[] hmacKey(String tenantId, String purpose);

    /**
     * Crypto-shreds a tenant: afterwards every data key it wrapped is unrecoverable, forever. Idempotent.
     */
    void destroyTenantKey(String tenantId);
}
