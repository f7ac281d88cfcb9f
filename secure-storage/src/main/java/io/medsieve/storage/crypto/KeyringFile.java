package io.medsieve.storage.crypto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
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

    /** Files without rotated tenant keys; still written as such so older binaries on the machine keep working. */
    static final int VERSION_WITHOUT_ROTATION = 1;
    /** Adds {@link TenantEntry#retired()}; older binaries refuse it with a clear version error. */
    static final int VERSION_WITH_ROTATION = 2;

    /** The lowest version that can represent these tenants, so rotation alone forces the format upgrade. */
    static int versionFor(Map<String, TenantEntry> tenants) {
        boolean rotated = tenants.values().stream().anyMatch(entry -> !entry.retiredOrEmpty().isEmpty());
        return rotated ? VERSION_WITH_ROTATION : VERSION_WITHOUT_ROTATION;
    }

    KeyringFile withTenants(Map<String, TenantEntry> newTenants) {
        return new KeyringFile(versionFor(newTenants), kdf, verifier, newTenants);
    }

    /** PBKDF2 parameters; stored so they can be raised later without breaking existing files. */
    record Kdf(String algorithm, int iterations, byte[] salt) {
    }

    /** AES-GCM tag over an empty message under the KEK: a wrong passphrase fails here with a clear error. */
    record Verifier(byte[] nonce, byte[] tag) {
    }

    /**
     * One tenant's current key, encrypted under the KEK with AAD binding tenant id and key id, so entries cannot
     * be swapped between tenants by editing the file. Keys replaced by rotation stay in {@code retired} (oldest
     * first) so data keys they wrapped can still be unwrapped; new data keys only ever use the current key.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record TenantEntry(String keyId, byte[] nonce, byte[] encryptedKey, String created, boolean destroyed,
            String destroyedAt, List<RetiredKey> retired) {

        static TenantEntry live(String keyId, byte[] nonce, byte[] encryptedKey, String created) {
            return new TenantEntry(keyId, nonce, encryptedKey, created, false, null, null);
        }

        List<RetiredKey> retiredOrEmpty() {
            return retired == null ? List.of() : retired;
        }

        /** The current key moves to {@code retired}; the new one becomes current. */
        TenantEntry rotate(String newKeyId, byte[] newNonce, byte[] newEncryptedKey, String now) {
            List<RetiredKey> older = new ArrayList<>(retiredOrEmpty());
            older.add(new RetiredKey(keyId, nonce, encryptedKey, created, now));
            return new TenantEntry(newKeyId, newNonce, newEncryptedKey, now, false, null, List.copyOf(older));
        }

        /** Key material of every version is dropped; only the fact (and time) of destruction remains. */
        TenantEntry tombstone(String destroyedAt) {
            return new TenantEntry(keyId, null, null, created, true, destroyedAt, null);
        }
    }

    /** A tenant key replaced by rotation, still encrypted under the KEK with the same AAD as a current key. */
    record RetiredKey(String keyId, byte[] nonce, byte[] encryptedKey, String created, String retiredAt) {
    }
}
