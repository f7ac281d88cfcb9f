package io.medsieve.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeCipherTest {

    private static final String CANARY = "CANARY-Jane-Doe-DOB-1984-03-12-MRN-0042";
    private static final AssociatedData AAD = new AssociatedData("tenant-a", "doc-1", "original");

    @TempDir
    Path dir;
    private LocalKeyring keyring;
    private EnvelopeCipher cipher;

    @BeforeEach
    void setUp() {
        keyring = TestKeyrings.open(dir.resolve("keyring.json"), "correct horse battery staple");
        cipher = new EnvelopeCipher(keyring);
    }

    @AfterEach
    void tearDown() {
        keyring.close();
    }

    @Test
    void roundTrip() {
        byte[] plaintext = ("Patient: " + CANARY).getBytes(StandardCharsets.UTF_8);

        byte[] envelope = cipher.seal(plaintext, AAD);

        assertThat(cipher.open(envelope, AAD)).isEqualTo(plaintext);
        assertThat(Arrays.copyOf(envelope, 4)).isEqualTo("MSE1".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void emptyPlaintextRoundTrips() {
        assertThat(cipher.open(cipher.seal(new byte[0], AAD), AAD)).isEmpty();
    }

    @Test
    void ciphertextContainsNoPlaintext() {
        byte[] plaintext = (CANARY + " " + CANARY).getBytes(StandardCharsets.UTF_8);

        byte[] envelope = cipher.seal(plaintext, AAD);

        assertThat(Bytes.contains(envelope, CANARY.getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Bytes.contains(envelope, "CANARY".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void sealingTwiceGivesDifferentEnvelopes() {
        byte[] plaintext = CANARY.getBytes(StandardCharsets.UTF_8);

        assertThat(cipher.seal(plaintext, AAD)).isNotEqualTo(cipher.seal(plaintext, AAD));
    }

    @Test
    void alteringAnyByteFails() {
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        for (int i = 0; i < envelope.length; i++) {
            byte[] tampered = envelope.clone();
            tampered[i] ^= 0x01;
            int index = i;
            assertThatThrownBy(() -> cipher.open(tampered, AAD))
                    .as("flipped byte %d", index)
                    .isInstanceOf(TamperedEnvelopeException.class)
                    .hasMessageNotContaining(CANARY);
        }
    }

    @Test
    void truncatedOrExtendedEnvelopeFails() {
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        for (int length = 0; length < envelope.length; length++) {
            byte[] truncated = Arrays.copyOf(envelope, length);
            assertThatThrownBy(() -> cipher.open(truncated, AAD)).isInstanceOf(TamperedEnvelopeException.class);
        }
        byte[] extended = Arrays.copyOf(envelope, envelope.length + 1);
        assertThatThrownBy(() -> cipher.open(extended, AAD)).isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void wrongTenantFails() {
        cipher.seal(new byte[] {1}, new AssociatedData("tenant-b", "doc-1", "original")); // tenant-b has a key
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        assertThatThrownBy(() -> cipher.open(envelope, new AssociatedData("tenant-b", "doc-1", "original")))
                .isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void tenantWithoutKeyCannotOpen() {
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        assertThatThrownBy(() -> cipher.open(envelope, new AssociatedData("tenant-new", "doc-1", "original")))
                .isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void wrongDocumentFails() {
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        assertThatThrownBy(() -> cipher.open(envelope, new AssociatedData("tenant-a", "doc-2", "original")))
                .isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void wrongPurposeFails() {
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        assertThatThrownBy(() -> cipher.open(envelope, new AssociatedData("tenant-a", "doc-1", "ocr-text")))
                .isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void anotherProcessCanOpen() {
        byte[] envelope = cipher.seal(CANARY.getBytes(StandardCharsets.UTF_8), AAD);

        try (LocalKeyring other = TestKeyrings.open(dir.resolve("keyring.json"), "correct horse battery staple")) {
            assertThat(new EnvelopeCipher(other).open(envelope, AAD))
                    .isEqualTo(CANARY.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void associatedDataEncodingIsUnambiguous() {
        assertThat(new AssociatedData("ab", "c", "d").encode())
                .isNotEqualTo(new AssociatedData("a", "bc", "d").encode());
        assertThatThrownBy(() -> new AssociatedData("", "d", "p")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataKeyCloseZeroesAndToStringHidesKey() {
        DataKey key = keyring.newDataKey("tenant-a");
        byte[] plaintext = key.plaintext();
        String hex = java.util.HexFormat.of().formatHex(plaintext);

        assertThat(key.toString()).doesNotContain(hex).doesNotContain(Arrays.toString(plaintext)).contains(key.keyId());
        key.close();
        assertThat(plaintext).containsOnly(0);
    }
}
