package io.medsieve.audit.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The byte encoding every MedSieve hash and signature rule feeds in (entry hash, signed tree head): strings as UTF-8
 * with a 4-byte big-endian length prefix (null is length -1), integers big-endian. One growable buffer instead of a
 * stream: verification encodes millions of entries, so per-field allocation and locking matter. Not thread-safe;
 * {@link #forThisThread()} hands each thread its own.
 */
final class HashInput {

    private static final ThreadLocal<HashInput> PER_THREAD = ThreadLocal.withInitial(HashInput::new);

    private final MessageDigest sha256;
    private byte[] buffer = new byte[1024];
    private int length;

    private HashInput() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** A fresh encoder (for occasional use, such as one tree head message). */
    static HashInput create() {
        return new HashInput();
    }

    /** This thread's encoder, emptied. */
    static HashInput forThisThread() {
        HashInput input = PER_THREAD.get();
        input.length = 0;
        return input;
    }

    HashInput string(String value) {
        if (value == null) {
            return int32(-1);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int32(bytes.length);
        return raw(bytes);
    }

    HashInput int64(long value) {
        ensure(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    HashInput int32(int value) {
        ensure(Integer.BYTES);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    HashInput raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** SHA-256 of the bytes written so far. */
    byte[] sha256() {
        sha256.reset();
        sha256.update(buffer, 0, length);
        return sha256.digest();
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
