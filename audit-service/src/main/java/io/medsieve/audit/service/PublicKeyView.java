package io.medsieve.audit.service;

/**
 * The ledger's public key as served and exported; auditors should obtain it out of band and pin it.
 *
 * @param algorithm always {@code Ed25519}
 * @param keyId     the id tree heads carry
 * @param publicKey base64 X.509 SubjectPublicKeyInfo
 */
public record PublicKeyView(String algorithm, String keyId, String publicKey) {
}
