package io.medsieve.storage.blob;

import io.medsieve.events.ContentRef;
import io.medsieve.events.Sha256;
import io.medsieve.storage.crypto.AssociatedData;
import io.medsieve.storage.crypto.EnvelopeCipher;
import io.medsieve.storage.crypto.TamperedEnvelopeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The claim-check store services use: content goes in encrypted and bound to its tenant, document and purpose,
 * and only a {@link ContentRef} travels through Kafka. Loading re-checks the SHA-256 recorded in the reference
 * so a stage never processes content other than what the previous stage vouched for.
 */
@ApplicationScoped
public class DocumentBlobs {

    private final BlobStore store;
    private final EnvelopeCipher cipher;

    /** Public (not only injectable) so services can unit-test against it without starting CDI. */
    @Inject
    public DocumentBlobs(BlobStore store, EnvelopeCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    /**
     * Encrypts and stores content under {@code <tenant>/<document>/<purpose>}. Storing the same triple again
     * overwrites it, so a retried ingest is idempotent.
     *
     * @return a reference carrying size and SHA-256 of the plaintext and the blob URI
     */
    public ContentRef store(String tenantId, String documentId, String purpose, String mediaType,
            byte[] plaintext) {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(plaintext, "plaintext");
        String key = key(tenantId, documentId, purpose);
        String uri = store.uri(key); // validates the key before any tenant key is created for it
        byte[] envelope = cipher.seal(plaintext, new AssociatedData(tenantId, documentId, purpose));
        store.put(key, envelope);
        return ContentRef.stored(mediaType, plaintext.length, Sha256.hex(plaintext), uri);
    }

    /**
     * Loads and decrypts content for the given tenant, document and purpose.
     *
     * @throws IllegalArgumentException   if the reference is inline or points at another tenant, document or
     *                                    purpose (a confused or forged event)
     * @throws TamperedEnvelopeException  if the blob was altered or does not match the reference's size and hash
     * @throws BlobNotFoundException      if the blob is gone
     */
    public byte[] load(String tenantId, String documentId, String purpose, ContentRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref.blobUri() == null) {
            throw new IllegalArgumentException("content reference is inline, not a stored blob");
        }
        String key = key(tenantId, documentId, purpose);
        if (!key.equals(store.keyOf(ref.blobUri()))) {
            throw new IllegalArgumentException(
                    "content reference does not belong to the requested tenant, document and purpose");
        }
        byte[] plaintext = cipher.open(store.get(key), new AssociatedData(tenantId, documentId, purpose));
        if (plaintext.length != ref.sizeBytes() || !matchesSha256(plaintext, ref.sha256())) {
            Arrays.fill(plaintext, (byte) 0);
            throw new TamperedEnvelopeException("content does not match the size and SHA-256 of its reference");
        }
        return plaintext;
    }

    /** Each id must be one key segment, otherwise ("a/b","c") and ("a","b/c") would share a blob. */
    private static String key(String tenantId, String documentId, String purpose) {
        for (String part : new String[] {tenantId, documentId, purpose}) {
            Objects.requireNonNull(part, "tenantId, documentId and purpose are required");
            if (part.indexOf('/') >= 0) {
                throw new IllegalArgumentException("tenantId, documentId and purpose must not contain '/'");
            }
        }
        return tenantId + "/" + documentId + "/" + purpose;
    }

    private static boolean matchesSha256(byte[] content, String expectedHex) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(expectedHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(Sha256.digest(content), expected);
    }

}
