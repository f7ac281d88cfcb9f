package io.medsieve.storage.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the parameters fixed in one place, so the envelope and the keyring cannot drift apart on
 * nonce or tag size. Cipher objects are not thread-safe, hence one per call.
 */
final class Gcm {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private Gcm() {
    }

    static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        try {
            Cipher cipher = init(Cipher.ENCRYPT_MODE, key, nonce, aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption unavailable", e);
        }
    }

    /** @throws AEADBadTagException when the ciphertext, nonce, key or AAD do not match what was sealed */
    static byte[] decrypt(byte[] key, byte[] nonce, byte[] input, int offset, int length, byte[] aad)
            throws AEADBadTagException {
        if (length < TAG_BYTES) {
            throw new AEADBadTagException("ciphertext shorter than the tag");
        }
        try {
            Cipher cipher = init(Cipher.DECRYPT_MODE, key, nonce, aad);
            return cipher.doFinal(input, offset, length);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption unavailable", e);
        }
    }

    static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) throws AEADBadTagException {
        return decrypt(key, nonce, ciphertext, 0, ciphertext.length, aad);
    }

    private static Cipher init(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key and a 12-byte nonce");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }
}
