package io.medsieve.audit.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed tree head: the ledger operator's Ed25519 signature over the Merkle root of the first {@code treeSize}
 * entries. Anyone holding the public key can check it, so a later rewrite of history shows as a root that no
 * signature covers, or as a failed consistency proof.
 *
 * <p>Signed message (v1): the domain tag {@value #DOMAIN} (length-prefixed), treeSize (8 bytes), timestamp in
 * epoch microseconds (8 bytes), the 32 root bytes, and keyId (length-prefixed).
 *
 * @param treeSize  number of entries covered
 * @param rootHash  hex RFC 9162 MTH of entries 0..treeSize-1
 * @param timestamp when it was signed (microsecond precision)
 * @param keyId     which signing key (hex prefix of the SHA-256 of the encoded public key)
 * @param signature base64 Ed25519 signature over {@link #signedMessage()}
 */
public record SignedTreeHead(long treeSize, String rootHash, Instant timestamp, String keyId, String signature) {

    static final String DOMAIN = "medsieve-tree-head-v1";

    /** The exact bytes the signature covers. */
    public byte[] signedMessage() {
        return HashInput.create()
                .string(DOMAIN)
                .int64(treeSize)
                .int64(EntryData.micros(timestamp))
                .raw(HexFormat.of().parseHex(rootHash))
                .string(keyId)
                .toByteArray();
    }

    /** Whether the signature is valid under {@code publicKey}. */
    public boolean verify(PublicKey publicKey) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signedMessage());
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
