package io.medsieve.events;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digests behind claim-checks, idempotency keys and ledger entries, in the lower-case hex form that
 * {@link ContentRef#sha256()} and the event schemas carry. One implementation, so every stage compares like with like.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The raw 32-byte digest, for constant-time comparison with {@link MessageDigest#isEqual}. */
    public static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** The digest as 64 lower-case hex characters. */
    public static String hex(byte[] content) {
        return HexFormat.of().formatHex(digest(content));
    }
}
