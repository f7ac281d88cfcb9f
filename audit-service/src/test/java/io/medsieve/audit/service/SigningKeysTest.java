package io.medsieve.audit.service;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed-to-key derivation against RFC 8032 §7.1 test vector 1, so the key really is the seed's key. */
class SigningKeysTest {

    @Test
    void seedGivesTheRfc8032KeyAndSignature() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        KeyPair pair = SigningKeys.fromSeed(seed);
        byte[] encoded = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        assertThat(hex.formatHex(raw)).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(new byte[0]);
        assertThat(hex.formatHex(signer.sign()))
                .isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(SigningKeys.fromSeed(seed).getPublic()).isEqualTo(pair.getPublic());
    }
}
