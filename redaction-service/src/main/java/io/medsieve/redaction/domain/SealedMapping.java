package io.medsieve.redaction.domain;

/**
 * A placeholder with its original value already sealed, ready to be written: nothing on the way to the database
 * holds the value in clear.
 *
 * @param placeholder the keyed placeholder, e.g. {@code [NAME_3f9a0c12d4e6]}
 * @param phiType     the identifier type
 * @param sealedValue the original value as an envelope bound to tenant, document and {@code placeholder-map}
 */
public record SealedMapping(String placeholder, String phiType, byte[] sealedValue) {
}
