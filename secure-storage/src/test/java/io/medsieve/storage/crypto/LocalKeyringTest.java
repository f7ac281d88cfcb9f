package io.medsieve.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyringTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("keys/keyring.json");
    }

    @Test
    void twoProcessesSeeEachOthersTenantKeys() {
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            DataKey fromA = a.newDataKey("tenant-a");
            DataKey fromB = b.newDataKey("tenant-b");

            assertThat(b.unwrapDataKey("tenant-a", fromA.keyId(), fromA.wrapped())).isEqualTo(fromA.plaintext());
            assertThat(a.unwrapDataKey("tenant-b", fromB.keyId(), fromB.wrapped())).isEqualTo(fromB.plaintext());
            assertThat(b.newDataKey("tenant-a").keyId()).isEqualTo(fromA.keyId());
        }
    }

    @Test
    void concurrentCreationFromTwoProcessesYieldsOneKey() throws Exception {
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DataKey>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                LocalKeyring keyring = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    start.await();
                    return keyring.newDataKey("tenant-fresh");
                }));
            }
            start.countDown();
            Set<String> keyIds = ConcurrentHashMap.newKeySet();
            List<DataKey> keys = new ArrayList<>();
            for (Future<DataKey> result : results) {
                DataKey key = result.get();
                keyIds.add(key.keyId());
                keys.add(key);
            }
            pool.shutdown();

            assertThat(keyIds).hasSize(1);
            for (DataKey key : keys) {
                assertThat(a.unwrapDataKey("tenant-fresh", key.keyId(), key.wrapped())).isEqualTo(key.plaintext());
                assertThat(b.unwrapDataKey("tenant-fresh", key.keyId(), key.wrapped())).isEqualTo(key.plaintext());
            }
        }
        try (LocalKeyring later = TestKeyrings.open(file(), PASSPHRASE)) {
            assertThat(tenantEntries()).containsExactly("tenant-fresh");
            assertThat(later.newDataKey("tenant-fresh").keyId()).startsWith("tk-");
        }
    }

    @Test
    void keyringFileHoldsNoTenantKeyInClear() throws Exception {
        DataKey dataKey;
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            dataKey = keyring.newDataKey("tenant-a");
        }
        byte[] raw = Files.readAllBytes(file());
        byte[] tenantKey = decryptTenantKeyFromFile("tenant-a");

        // Proves we recovered the real tenant key: it unwraps the data key the keyring handed out.
        byte[] nonce = java.util.Arrays.copyOf(dataKey.wrapped(), Gcm.NONCE_BYTES);
        byte[] unwrapped = Gcm.decrypt(tenantKey, nonce,
                java.util.Arrays.copyOfRange(dataKey.wrapped(), Gcm.NONCE_BYTES, dataKey.wrapped().length),
                LengthPrefixed.encode("data-key", "tenant-a", dataKey.keyId()));
        assertThat(unwrapped).isEqualTo(dataKey.plaintext());

        String text = new String(raw, StandardCharsets.UTF_8);
        assertThat(Bytes.contains(raw, tenantKey)).isFalse();
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(tenantKey))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(tenantKey))
                .doesNotContain(PASSPHRASE);
    }

    @Test
    void keyringFilesAreOwnerOnly() throws Exception {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            keyring.newDataKey("tenant-a");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/keyring.json.lock"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void wrongPassphraseFailsClearly() {
        TestKeyrings.open(file(), PASSPHRASE).close();

        assertThatThrownBy(() -> TestKeyrings.open(file(), "wrong passphrase"))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("passphrase is wrong")
                .hasMessageNotContaining("wrong passphrase")
                .hasMessageNotContaining(PASSPHRASE);
    }

    @Test
    void emptyPassphraseFailsClearly() {
        assertThatThrownBy(() -> TestKeyrings.open(file(), "  "))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("MEDSIEVE_KEYRING_PASSPHRASE");
        assertThat(file()).doesNotExist();
    }

    @Test
    void productionRefusesWeakTestKeyring() {
        TestKeyrings.open(file(), PASSPHRASE).close();

        assertThatThrownBy(() -> new LocalKeyring(file(), PASSPHRASE.toCharArray()))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("iterations");
    }

    @Test
    void destroyedTenantCannotUnwrapAndOthersAreUnaffected() throws Exception {
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            EnvelopeCipher cipherA = new EnvelopeCipher(a);
            EnvelopeCipher cipherB = new EnvelopeCipher(b);
            AssociatedData shredded = new AssociatedData("tenant-a", "doc-1", "original");
            AssociatedData kept = new AssociatedData("tenant-b", "doc-1", "original");
            byte[] sealedA = cipherA.seal("alpha".getBytes(StandardCharsets.UTF_8), shredded);
            byte[] sealedB = cipherA.seal("beta".getBytes(StandardCharsets.UTF_8), kept);
            assertThat(cipherB.open(sealedA, shredded)).isNotEmpty(); // b now has tenant-a's key cached

            a.destroyTenantKey("tenant-a");

            assertThatThrownBy(() -> cipherA.open(sealedA, shredded))
                    .isInstanceOf(KeyUnavailableException.class)
                    .hasMessageNotContaining("tenant-a");
            assertThatThrownBy(() -> cipherB.open(sealedA, shredded)).isInstanceOf(KeyUnavailableException.class);
            assertThatThrownBy(() -> a.newDataKey("tenant-a")).isInstanceOf(KeyUnavailableException.class);
            assertThatThrownBy(() -> a.hmacKey("tenant-a", "placeholder")).isInstanceOf(KeyUnavailableException.class);
            assertThat(cipherB.open(sealedB, kept)).isEqualTo("beta".getBytes(StandardCharsets.UTF_8));
            a.destroyTenantKey("tenant-a"); // idempotent
        }
        try (LocalKeyring restarted = TestKeyrings.open(file(), PASSPHRASE)) {
            assertThatThrownBy(() -> restarted.newDataKey("tenant-a")).isInstanceOf(KeyUnavailableException.class);
        }
        JsonNode entry = new ObjectMapper().readTree(file().toFile()).path("tenants").path("tenant-a");
        assertThat(entry.path("destroyed").asBoolean()).isTrue();
        assertThat(entry.has("encryptedKey")).isFalse();
        assertThat(entry.has("nonce")).isFalse();
        assertThat(entry.path("created").asText()).isNotBlank();
        assertThat(entry.path("destroyedAt").asText()).isNotBlank();
    }

    @Test
    void keyUnavailableNamesOnlyTheKeyId() {
        try (LocalKeyring keyring = TestKeyrings.open(file(), PASSPHRASE)) {
            assertThatThrownBy(() -> keyring.unwrapDataKey("secret-tenant", "tk-123", new byte[60]))
                    .isInstanceOf(KeyUnavailableException.class)
                    .hasMessageContaining("tk-123")
                    .hasMessageNotContaining("secret-tenant");
        }
    }

    @Test
    void hmacKeyIsStableAcrossProcessesAndSeparatedByTenantAndPurpose() {
        byte[] key;
        try (LocalKeyring a = TestKeyrings.open(file(), PASSPHRASE);
                LocalKeyring b = TestKeyrings.open(file(), PASSPHRASE)) {
            key = a.hmacKey("tenant-a", "placeholder");

            assertThat(key).hasSize(32);
            assertThat(b.hmacKey("tenant-a", "placeholder")).isEqualTo(key);
            assertThat(a.hmacKey("tenant-a", "audit")).isNotEqualTo(key);
            assertThat(a.hmacKey("tenant-b", "placeholder")).isNotEqualTo(key);
        }
        try (LocalKeyring restarted = TestKeyrings.open(file(), PASSPHRASE)) {
            assertThat(restarted.hmacKey("tenant-a", "placeholder")).isEqualTo(key);
        }
    }

    private List<String> tenantEntries() throws Exception {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(file().toFile()).path("tenants").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Independently re-implements the documented file format to recover a tenant key. */
    private byte[] decryptTenantKeyFromFile(String tenantId) throws Exception {
        JsonNode root = new ObjectMapper().readTree(file().toFile());
        JsonNode kdf = root.path("kdf");
        assertThat(kdf.path("algorithm").asText()).isEqualTo("PBKDF2WithHmacSHA256");
        byte[] salt = kdf.path("salt").binaryValue();
        PBEKeySpec spec = new PBEKeySpec(PASSPHRASE.toCharArray(), salt, kdf.path("iterations").asInt(), 256);
        byte[] kek = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        JsonNode entry = root.path("tenants").path(tenantId);
        return Gcm.decrypt(kek, entry.path("nonce").binaryValue(), entry.path("encryptedKey").binaryValue(),
                LengthPrefixed.encode("tenant-key", tenantId, entry.path("keyId").asText()));
    }
}
