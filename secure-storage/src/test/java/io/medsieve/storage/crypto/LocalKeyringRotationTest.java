package io.medsieve.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation and crypto-shredding of the embedded keyring, seen through the envelopes services actually store. */
class LocalKeyringRotationTest {

    private static final String PASSPHRASE = "correct horse battery staple";
    private static final AssociatedData DOC_1 = new AssociatedData("tenant-a", "doc-1", "original");
    private static final AssociatedData DOC_2 = new AssociatedData("tenant-a", "doc-2", "original");
    private static final AssociatedData OTHER = new AssociatedData("tenant-b", "doc-1", "original");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("keyring.json");
    }

    @Test
    void oldEnvelopesStillOpenAfterRotationAndNewOnesUseTheNewVersion() throws Exception {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            EnvelopeCipher cipher = new EnvelopeCipher(keyring);
            byte[] before = cipher.seal(utf8("before rotation"), DOC_1);
            String oldKeyId = keyring.newDataKey("tenant-a").keyId();

            String newKeyId = keyring.rotateTenantKey("tenant-a");

            assertThat(newKeyId).startsWith("tk-").isNotEqualTo(oldKeyId);
            DataKey fresh = keyring.newDataKey("tenant-a");
            assertThat(fresh.keyId()).isEqualTo(newKeyId);
            byte[] after = cipher.seal(utf8("after rotation"), DOC_2);
            assertThat(keyIdOf(after)).isEqualTo(newKeyId);
            assertThat(keyIdOf(before)).isEqualTo(oldKeyId);
            assertThat(cipher.open(before, DOC_1)).isEqualTo(utf8("before rotation"));
            assertThat(cipher.open(after, DOC_2)).isEqualTo(utf8("after rotation"));
        }
        JsonNode root = new ObjectMapper().readTree(file().toFile());
        assertThat(root.path("version").asInt()).isEqualTo(2);
        JsonNode retired = root.path("tenants").path("tenant-a").path("retired");
        assertThat(retired).hasSize(1);
        assertThat(retired.get(0).has("encryptedKey")).isTrue();
        assertThat(retired.get(0).path("retiredAt").asText()).isNotBlank();
    }

    @Test
    void rotationByOneProcessIsSeenByAnotherAndSurvivesRestart() {
        byte[] before;
        byte[] after;
        String newKeyId;
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            before = new EnvelopeCipher(b).seal(utf8("v1"), DOC_1); // b caches the first version

            newKeyId = a.rotateTenantKey("tenant-a");

            assertThat(b.newDataKey("tenant-a").keyId()).isEqualTo(newKeyId);
            after = new EnvelopeCipher(b).seal(utf8("v2"), DOC_2);
            assertThat(new EnvelopeCipher(a).open(after, DOC_2)).isEqualTo(utf8("v2"));
            assertThat(new EnvelopeCipher(a).open(before, DOC_1)).isEqualTo(utf8("v1"));
        }
        try (LocalKeyring restarted = TestKeyrings.open(file(), PASSPHRASE)) {
            EnvelopeCipher cipher = new EnvelopeCipher(restarted);
            assertThat(cipher.open(before, DOC_1)).isEqualTo(utf8("v1"));
            assertThat(cipher.open(after, DOC_2)).isEqualTo(utf8("v2"));
            assertThat(restarted.newDataKey("tenant-a").keyId()).isEqualTo(newKeyId);
        }
    }

    @Test
    void hmacKeyIsStableAcrossRotations() {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            byte[] placeholderKey = keyring.hmacKey("tenant-a", "placeholder");
            keyring.rotateTenantKey("tenant-a");
            keyring.rotateTenantKey("tenant-a");

            assertThat(keyring.hmacKey("tenant-a", "placeholder")).isEqualTo(placeholderKey);
            try (LocalKeyring other = TestKeyrings.open(file(), PASSPHRASE)) {
                assertThat(other.hmacKey("tenant-a", "placeholder")).isEqualTo(placeholderKey);
            }
        }
    }

    @Test
    void rewrapMovesADataKeyToTheCurrentVersion() {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            DataKey old = keyring.newDataKey("tenant-a");
            String newKeyId = keyring.rotateTenantKey("tenant-a");

            WrappedDataKey rewrapped = keyring.rewrapDataKey("tenant-a", old.keyId(), old.wrapped());

            assertThat(rewrapped.keyId()).isEqualTo(newKeyId);
            assertThat(rewrapped.wrapped()).isNotEqualTo(old.wrapped());
            assertThat(keyring.unwrapDataKey("tenant-a", newKeyId, rewrapped.wrapped())).isEqualTo(old.plaintext());
            assertThat(keyring.unwrapDataKey("tenant-a", old.keyId(), old.wrapped())).isEqualTo(old.plaintext());
        }
    }

    @Test
    void versionOfAnotherTenantIsRejectedAsTampering() {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            DataKey ofB = keyring.newDataKey("tenant-b");
            keyring.newDataKey("tenant-a");
            keyring.rotateTenantKey("tenant-a");

            assertThatThrownBy(() -> keyring.unwrapDataKey("tenant-a", ofB.keyId(), ofB.wrapped()))
                    .isInstanceOf(TamperedEnvelopeException.class);
        }
    }

    @Test
    void rotatingAnUnknownOrShreddedTenantFailsClearly() {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            assertThatThrownBy(() -> keyring.rotateTenantKey("tenant-never"))
                    .isInstanceOf(KeyUnavailableException.class)
                    .hasMessageNotContaining("tenant-never");
            keyring.newDataKey("tenant-a");
            keyring.destroyTenantKey("tenant-a");
            assertThatThrownBy(() -> keyring.rotateTenantKey("tenant-a")).isInstanceOf(KeyUnavailableException.class);
        }
    }

    @Test
    void shreddingARotatedTenantDestroysEveryVersionAndSparesOtherTenants() throws Exception {
        byte[] v1;
        byte[] v2;
        byte[] kept;
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            EnvelopeCipher cipherA = new EnvelopeCipher(a);
            EnvelopeCipher cipherB = new EnvelopeCipher(b);
            v1 = cipherA.seal(utf8("v1"), DOC_1);
            a.rotateTenantKey("tenant-a");
            v2 = cipherA.seal(utf8("v2"), DOC_2);
            kept = cipherA.seal(utf8("other tenant"), OTHER);
            assertThat(cipherB.open(v1, DOC_1)).isEqualTo(utf8("v1")); // b caches both versions

            b.destroyTenantKey("tenant-a");

            for (EnvelopeCipher cipher : new EnvelopeCipher[] {cipherA, cipherB}) {
                assertThatThrownBy(() -> cipher.open(v1, DOC_1))
                        .isInstanceOf(KeyUnavailableException.class)
                        .hasMessageContaining("key unavailable: keyId=" + keyIdOf(v1))
                        .hasMessageNotContaining("tenant-a");
                assertThatThrownBy(() -> cipher.open(v2, DOC_2))
                        .isInstanceOf(KeyUnavailableException.class)
                        .hasMessageContaining(keyIdOf(v2));
                assertThat(cipher.open(kept, OTHER)).isEqualTo(utf8("other tenant"));
            }
            assertThatThrownBy(() -> a.rewrapDataKey("tenant-a", keyIdOf(v1), new byte[60]))
                    .isInstanceOf(KeyUnavailableException.class);
        }
        String text = Files.readString(file());
        JsonNode entry = new ObjectMapper().readTree(text).path("tenants").path("tenant-a");
        assertThat(entry.path("destroyed").asBoolean()).isTrue();
        assertThat(entry.has("retired")).isFalse();
        assertThat(entry.has("encryptedKey")).isFalse();
        try (LocalKeyring restarted = TestKeyrings.open(file(), PASSPHRASE)) {
            EnvelopeCipher cipher = new EnvelopeCipher(restarted);
            assertThatThrownBy(() -> cipher.open(v1, DOC_1)).isInstanceOf(KeyUnavailableException.class);
            assertThatThrownBy(() -> cipher.open(v2, DOC_2)).isInstanceOf(KeyUnavailableException.class);
            assertThatThrownBy(() -> cipher.seal(utf8("new"), DOC_1)).isInstanceOf(KeyUnavailableException.class);
            assertThat(cipher.open(kept, OTHER)).isEqualTo(utf8("other tenant"));
        }
    }

    @Test
    void concurrentRotationsByTwoProcessesLoseNoVersion() throws Exception {
        int rounds = 6;
        List<byte[]> envelopes = new ArrayList<>();
        List<AssociatedData> aads = new ArrayList<>();
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            a.newDataKey("tenant-a");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                LocalKeyring keyring = i % 2 == 0 ? a : b;
                AssociatedData aad = new AssociatedData("tenant-a", "doc-" + i, "original");
                aads.add(aad);
                tasks.add(pool.submit(() -> {
                    start.await();
                    keyring.rotateTenantKey("tenant-a");
                    return null;
                }));
                tasks.add(pool.submit(() -> {
                    start.await();
                    byte[] sealed = new EnvelopeCipher(keyring).seal(utf8("content " + aad.documentId()), aad);
                    synchronized (envelopes) {
                        envelopes.add(sealed);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get();
            }
            pool.shutdown();
        }
        JsonNode entry = new ObjectMapper().readTree(file().toFile()).path("tenants").path("tenant-a");
        assertThat(entry.path("retired")).hasSize(rounds);
        try (LocalKeyring restarted = TestKeyrings.open(file(), PASSPHRASE)) {
            EnvelopeCipher cipher = new EnvelopeCipher(restarted);
            for (byte[] envelope : envelopes) {
                AssociatedData aad = aads.stream()
                        .filter(candidate -> openable(cipher, envelope, candidate))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("an envelope sealed during rotation cannot be opened"));
                assertThat(cipher.open(envelope, aad)).isEqualTo(utf8("content " + aad.documentId()));
            }
        }
    }

    private static boolean openable(EnvelopeCipher cipher, byte[] envelope, AssociatedData aad) {
        try {
            cipher.open(envelope, aad);
            return true;
        } catch (TamperedEnvelopeException e) {
            return false;
        }
    }

    @Test
    void unrotatedKeyringKeepsTheOriginalFileVersion() throws Exception {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            keyring.newDataKey("tenant-a");
        }
        JsonNode root = new ObjectMapper().readTree(file().toFile());
        assertThat(root.path("version").asInt()).isEqualTo(1);
        assertThat(root.path("tenants").path("tenant-a").has("retired")).isFalse();
    }

    @Test
    void newerFileVersionIsRefusedClearly() throws Exception {
        TestKeyrings.open(file(), PASSPHRASE).close();
        String text = Files.readString(file()).replaceFirst("\"version\"\\s*:\\s*1", "\"version\" : 3");
        Files.writeString(file(), text);

        assertThatThrownBy(() -> TestKeyrings.open(file(), PASSPHRASE))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("unsupported version 3");
    }

    /** Reads the key id from the documented envelope header: magic, version, u16 length, key id. */
    private static String keyIdOf(byte[] envelope) {
        int length = ((envelope[5] & 0xff) << 8) | (envelope[6] & 0xff);
        return new String(envelope, 7, length, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
