package io.medsieve.redaction.service;

import io.medsieve.storage.crypto.KeyProvider;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * HMAC-SHA256 under a tenant's purpose-bound key from the {@link KeyProvider}: placeholders and date shifts use
 * separate purposes, so knowing one derived value says nothing about the other, and both die with the tenant key.
 */
@ApplicationScoped
public class KeyedHashes {

    /** Purpose of the key behind placeholders. */
    public static final String PLACEHOLDER_PURPOSE = "phi-placeholder";
    /** Purpose of the key behind per-patient date shifts. */
    public static final String DATE_SHIFT_PURPOSE = "phi-date-shift";

    private final KeyProvider keys;

    public KeyedHashes(KeyProvider keys) {
        this.keys = keys;
    }

    /** A keyed hash function for one tenant and purpose; use it for one document, then drop it. */
    public Function<byte[], byte[]> mac(String tenantId, String purpose) {
        byte[] key = keys.hmacKey(tenantId, purpose);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return message -> {
                synchronized (mac) {
                    return mac.doFinal(message);
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
