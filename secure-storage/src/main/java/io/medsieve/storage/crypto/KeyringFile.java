package io.medsieve.storage.crypto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * On-disk JSON form of the {@link LocalKeyring}. Byte arrays are written as Base64. Tenant keys only ever
 * appear encrypted under the passphrase-derived KEK; destroyed tenants keep a tombstone without key material
 * so they can never be silently re-created.
 *
 * @param version  file format version, so a newer format is refused rather than half-understood
 * @param kdf      how the KEK is derived from the passphrase
 * @param verifier proves the passphrase is right even before any tenant exists
 * @param tenants  entries by tenant id
 */
record KeyringFile(int version, Kdf kdf, Verifier verifier, Map<String, TenantEntry> tenants) {

    static final int CURRENT_VERSION = 1;

    KeyringFile withTenants(Map<String, TenantEntry> newTenants) {
        return new KeyringFile(version, kdf, verifier, newTenants);
    }

    /** PBKDF2 parameters; stored so they can be raised later without breaking existing files. */
    record Kdf(String algorithm, int iterations, byte[] salt) {
    }

    /** AES-GCM tag over an empty message under the KEK: a wrong passphrase fails here with a clear error. */
    record Verifier(byte[] nonce, byte[] tag) {
    }

    /**
     * One tenant's key, encrypted under the KEK with AAD binding tenant id and key id, so entries cannot be
     * swapped between tenants by editing the file.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TenantEntry(String keyId, byte[] nonce, byte[] encryptedKey, String created, boolean destroyed,
            String destroyedAt) {

        static TenantEntry live(String keyId, byte[] nonce, byte[] encryptedKey, String created) {
            return new TenantEntry(keyId, nonce, encryptedKey, created, false, null);
        }

        /** Key material is dropped; only the fact (and time) of destruction remains. */
        TenantEntry tombstone(String destroyedAt) {
            return new TenantEntry(keyId, null, null, created, true, destroyedAt);
        }
    }
}
