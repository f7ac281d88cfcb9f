package io.medsieve.audit.service;

import io.medsieve.audit.config.AuditConfig;
import io.medsieve.audit.verify.SignedTreeHead;
import io.medsieve.storage.crypto.KeyProvider;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The ledger's Ed25519 signing key. It is never stored: it is re-derived on start from a keyring HMAC key, so it
 * survives restarts and moves with the keyring (and later Vault) instead of sitting in a file of its own.
 *
 * <p>The JDK has no "public key from seed" call, but its Ed25519 generator takes the private key as 32 bytes from
 * the SecureRandom it is given; a SecureRandom that yields the seed therefore produces the seed's key pair.
 */
@ApplicationScoped
public class SigningKeys {

    private final KeyProvider keys;
    private final AuditConfig config;
    private volatile KeyPair pair;
    private volatile String keyId;

    public SigningKeys(KeyProvider keys, AuditConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** Signs a tree head over {@code rootHash}. */
    public SignedTreeHead sign(long treeSize, String rootHash, Instant timestamp) {
        KeyPair signing = pair();
        SignedTreeHead unsigned = new SignedTreeHead(treeSize, rootHash, timestamp, keyId, null);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signing.getPrivate());
            signer.update(unsigned.signedMessage());
            return new SignedTreeHead(treeSize, rootHash, timestamp, keyId,
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The public key in the form the API and evidence packages carry. */
    public PublicKeyView publicKeyView() {
        return new PublicKeyView("Ed25519", keyId(), Base64.getEncoder().encodeToString(publicKey().getEncoded()));
    }

    public PublicKey publicKey() {
        return pair().getPublic();
    }

    /** Identifies the key in tree heads: hex of the first 8 bytes of SHA-256 over the encoded public key. */
    public String keyId() {
        pair();
        return keyId;
    }

    private KeyPair pair() {
        KeyPair current = pair;
        if (current == null) {
            synchronized (this) {
                if (pair == null) {
                    byte[] seed = keys.hmacKey(config.signing().keyTenant(), config.signing().keyPurpose());
                    try {
                        KeyPair derived = fromSeed(seed);
                        keyId = HexFormat.of().formatHex(Arrays.copyOf(
                                MessageDigest.getInstance("SHA-256").digest(derived.getPublic().getEncoded()), 8));
                        pair = derived;
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot derive the Ed25519 signing key", e);
                    } finally {
                        Arrays.fill(seed, (byte) 0);
                    }
                }
                current = pair;
            }
        }
        return current;
    }

    /** The Ed25519 key pair whose private key is the 32-byte {@code seed} (RFC 8032 private key). */
    static KeyPair fromSeed(byte[] seed) throws GeneralSecurityException {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
            }
        });
        return generator.generateKeyPair();
    }
}
