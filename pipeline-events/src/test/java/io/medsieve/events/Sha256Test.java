package io.medsieve.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    @Test
    void hexMatchesTheFips180Vector() {
        // FIPS 180-2 example: SHA-256("abc")
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                .matches("[0-9a-f]{64}");
        assertThat(Sha256.digest(new byte[0])).hasSize(32);
    }
}
