package io.medsieve.storage.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Envelope encryption for blobs: each blob gets a fresh AES-256 data key, wrapped by the tenant key, so a
 * tenant is crypto-shredded by destroying one key and a leaked data key exposes a single blob.
 *
 * <p>Envelope layout (big-endian), self-describing so any process holding the tenant key can open it:
 * <pre>
 *   "MSE1" | version (1 byte) | keyId length (u16) | keyId (UTF-8) | wrapped key length (u16) | wrapped key
 *   | nonce (12 bytes) | AES-GCM ciphertext with 128-bit tag
 * </pre>
 * The GCM associated data is the whole header followed by {@link AssociatedData#encode()}, so altering any
 * header byte, or presenting the blob for another tenant, document or purpose, fails authentication.
 * A random 96-bit nonce is safe because every data key encrypts exactly one message.
 */
@ApplicationScoped
public class EnvelopeCipher {

    private static final byte[] MAGIC = "MSE1".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT_VERSION = 1;
    private static final int MAX_KEY_ID_BYTES = 255;
    private static final int MAX_WRAPPED_BYTES = 1024;

    private final KeyProvider keys;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public EnvelopeCipher(KeyProvider keys) {
        this.keys = keys;
    }

    /** Encrypts content so that only a holder of the tenant key can read it, and only for the same AAD. */
    public byte[] seal(byte[] plaintext, AssociatedData aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        try (DataKey dataKey = keys.newDataKey(aad.tenantId())) {
            byte[] nonce = new byte[Gcm.NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] header = header(dataKey.keyId(), dataKey.wrapped(), nonce);
            byte[] ciphertext = Gcm.encrypt(dataKey.plaintext(), nonce, plaintext, gcmAad(header, aad));
            return ByteBuffer.allocate(header.length + ciphertext.length).put(header).put(ciphertext).array();
        }
    }

    /**
     * Decrypts an envelope sealed for exactly this AAD.
     *
     * @throws TamperedEnvelopeException if the envelope is malformed or altered, or was sealed for another
     *                                   tenant, document or purpose
     * @throws KeyUnavailableException   if the tenant key was destroyed or is unknown
     */
    public byte[] open(byte[] envelope, AssociatedData aad) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(aad, "aad");
        Header header = Header.parse(envelope);
        byte[] headerBytes = Arrays.copyOfRange(envelope, 0, header.length());
        byte[] dataKey = keys.unwrapDataKey(aad.tenantId(), header.keyId(), header.wrappedKey());
        try {
            return Gcm.decrypt(dataKey, header.nonce(), envelope, header.length(), envelope.length - header.length(),
                    gcmAad(headerBytes, aad));
        } catch (AEADBadTagException e) {
            throw new TamperedEnvelopeException("envelope failed authentication", e);
        } catch (IllegalArgumentException e) {
            throw new TamperedEnvelopeException("envelope carries an unusable data key", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] header(String keyId, byte[] wrapped, byte[] nonce) {
        byte[] keyIdBytes = keyId.getBytes(StandardCharsets.UTF_8);
        if (keyIdBytes.length > MAX_KEY_ID_BYTES || wrapped.length > MAX_WRAPPED_BYTES) {
            throw new IllegalStateException("key provider returned an oversized key id or wrapped key");
        }
        return ByteBuffer.allocate(MAGIC.length + 1 + 2 + keyIdBytes.length + 2 + wrapped.length + nonce.length)
                .put(MAGIC)
                .put(FORMAT_VERSION)
                .putShort((short) keyIdBytes.length)
                .put(keyIdBytes)
                .putShort((short) wrapped.length)
                .put(wrapped)
                .put(nonce)
                .array();
    }

    private static byte[] gcmAad(byte[] header, AssociatedData aad) {
        byte[] bound = aad.encode();
        return ByteBuffer.allocate(header.length + bound.length).put(header).put(bound).array();
    }

    /** Parsed envelope header; {@code length} is where the ciphertext starts. */
    private record Header(String keyId, byte[] wrappedKey, byte[] nonce, int length) {

        static Header parse(byte[] envelope) {
            try {
                ByteBuffer in = ByteBuffer.wrap(envelope);
                byte[] magic = new byte[MAGIC.length];
                in.get(magic);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new TamperedEnvelopeException("not a MedSieve envelope");
                }
                if (in.get() != FORMAT_VERSION) {
                    throw new TamperedEnvelopeException("unsupported envelope version");
                }
                byte[] keyId = read(in, Short.toUnsignedInt(in.getShort()), MAX_KEY_ID_BYTES);
                byte[] wrapped = read(in, Short.toUnsignedInt(in.getShort()), MAX_WRAPPED_BYTES);
                byte[] nonce = read(in, Gcm.NONCE_BYTES, Gcm.NONCE_BYTES);
                if (in.remaining() < Gcm.TAG_BYTES) {
                    throw new TamperedEnvelopeException("envelope truncated");
                }
                return new Header(new String(keyId, StandardCharsets.UTF_8), wrapped, nonce, in.position());
            } catch (BufferUnderflowException e) {
                throw new TamperedEnvelopeException("envelope truncated");
            }
        }

        private static byte[] read(ByteBuffer in, int length, int max) {
            if (length > max || length > in.remaining()) {
                throw new TamperedEnvelopeException("malformed envelope header");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return bytes;
        }
    }
}
