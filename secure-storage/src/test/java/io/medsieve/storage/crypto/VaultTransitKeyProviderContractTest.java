package io.medsieve.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsieve.storage.KeysConfig;
import io.medsieve.storage.crypto.FakeVaultTransit.Recorded;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract test of {@link VaultTransitKeyProvider} against {@link FakeVaultTransit}, a local stand-in speaking
 * Vault's documented HTTP API. Each test pins the requests exactly as Vault documents them (method, path with
 * mount, headers, JSON fields and values) and feeds back Vault's documented response and error shapes.
 */
class VaultTransitKeyProviderContractTest {

    private static final String TENANT = "tenant-a";
    private static final String KEY = "medsieve-tenant-a";
    private static final String HMAC_KEY = "medsieve-tenant-a.hmac";
    private static final AssociatedData DOC_1 = new AssociatedData(TENANT, "doc-1", "original");
    private static final AssociatedData DOC_2 = new AssociatedData(TENANT, "doc-2", "original");
    private static final AssociatedData OTHER = new AssociatedData("tenant-b", "doc-1", "original");
    private static final byte[] CANARY = "CANARY-Jane-Doe-MRN-0042".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock();
    private FakeVaultTransit vault;

    @TempDir
    Path dir;

    @BeforeEach
    void startVault() throws Exception {
        vault = new FakeVaultTransit(clock);
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    // --- auth -------------------------------------------------------------------------------------------

    @Test
    void startupLogsInWithAppRoleAsDocumented() throws Exception {
        provider(Map.of());

        Recorded login = single("POST", "/v1/auth/approle/login");
        assertThat(login.token()).isNull();
        assertThat(login.contentType()).isEqualTo("application/json");
        assertThat(login.body()).isEqualTo(json.readTree("{\"role_id\":\"" + FakeVaultTransit.ROLE_ID
                + "\",\"secret_id\":\"" + FakeVaultTransit.SECRET_ID + "\"}"));
        assertThat(vault.requests()).hasSize(1);
    }

    @Test
    void appRoleSecretIdCanComeFromAFile() throws Exception {
        Path secretFile = dir.resolve("secret-id");
        Files.writeString(secretFile, FakeVaultTransit.SECRET_ID + "\n");
        Map<String, String> props = new HashMap<>();
        props.put("medsieve.keys.vault.auth.secret-id", "");
        props.put("medsieve.keys.vault.auth.secret-id-file", secretFile.toString());

        provider(props);

        assertThat(single("POST", "/v1/auth/approle/login").body().path("secret_id").asText())
                .isEqualTo(FakeVaultTransit.SECRET_ID);
    }

    @Test
    void kubernetesLoginSendsRoleAndServiceAccountJwt() throws Exception {
        Path jwt = dir.resolve("token");
        Files.writeString(jwt, "eyJhbGciOiJSUzI1NiJ9.payload.sig\n");
        vault.kubernetesJwt("eyJhbGciOiJSUzI1NiJ9.payload.sig");

        VaultTransitKeyProvider keys = provider(Map.of(
                "medsieve.keys.vault.auth.method", "kubernetes",
                "medsieve.keys.vault.auth.role", FakeVaultTransit.K8S_ROLE,
                "medsieve.keys.vault.auth.jwt-file", jwt.toString()));
        keys.newDataKey(TENANT);

        Recorded login = single("POST", "/v1/auth/kubernetes/login");
        assertThat(login.token()).isNull();
        assertThat(login.body()).isEqualTo(json.readTree(
                "{\"role\":\"" + FakeVaultTransit.K8S_ROLE + "\",\"jwt\":\"eyJhbGciOiJSUzI1NiJ9.payload.sig\"}"));
    }

    @Test
    void namespaceHeaderGoesOnEveryRequestIncludingLogin() {
        VaultTransitKeyProvider keys = provider(Map.of("medsieve.keys.vault.namespace", "medsieve/prod"));
        keys.newDataKey(TENANT);

        assertThat(vault.requests()).hasSize(3).allSatisfy(r -> assertThat(r.namespace()).isEqualTo("medsieve/prod"));
    }

    @Test
    void tokenIsRenewedBeforeExpiryAndReloginHappensWhenRenewalCannotExtendIt() {
        vault.leaseSeconds(60);
        VaultTransitKeyProvider keys = provider(Map.of());
        vault.renewGrantSeconds(60);
        String token = vault.lastIssuedToken();
        keys.newDataKey(TENANT);
        vault.clearRequests();

        clock.advance(Duration.ofSeconds(41)); // past two thirds of the 60 s lease
        keys.newDataKey(TENANT);

        List<Recorded> afterRenewal = vault.requests();
        assertThat(afterRenewal.get(0).method()).isEqualTo("POST");
        assertThat(afterRenewal.get(0).path()).isEqualTo("/v1/auth/token/renew-self");
        assertThat(afterRenewal.get(0).token()).isEqualTo(token);
        assertThat(afterRenewal.get(1).path()).isEqualTo("/v1/transit/datakey/plaintext/" + KEY);
        assertThat(afterRenewal.get(1).token()).isEqualTo(token);
        assertThat(vault.logins()).isEqualTo(1);

        // Near the max TTL Vault grants only a few seconds: the provider logs in again instead.
        vault.renewGrantSeconds(5);
        clock.advance(Duration.ofSeconds(41));
        vault.clearRequests();
        keys.newDataKey(TENANT);

        assertThat(vault.requests()).extracting(Recorded::path).containsExactly(
                "/v1/auth/token/renew-self", "/v1/auth/approle/login", "/v1/transit/datakey/plaintext/" + KEY);
        assertThat(vault.logins()).isEqualTo(2);
        assertThat(vault.requests().get(2).token()).isNotEqualTo(token);
    }

    @Test
    void expiredTokenLeadsToLoginWithoutRenewal() {
        vault.leaseSeconds(60);
        VaultTransitKeyProvider keys = provider(Map.of());
        vault.clearRequests();

        clock.advance(Duration.ofSeconds(61));
        keys.newDataKey(TENANT);

        assertThat(vault.requests()).extracting(Recorded::path).containsExactly("/v1/auth/approle/login",
                "/v1/transit/keys/" + KEY, "/v1/transit/datakey/plaintext/" + KEY);
    }

    @Test
    void concurrentCallsAfterExpiryShareOneLogin() throws Exception {
        vault.leaseSeconds(60);
        VaultTransitKeyProvider keys = provider(Map.of());
        keys.newDataKey(TENANT);
        clock.advance(Duration.ofSeconds(61));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DataKey>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return keys.newDataKey(TENANT);
            }));
        }
        start.countDown();
        for (Future<DataKey> result : results) {
            assertThat(result.get().plaintext()).hasSize(32);
        }
        pool.shutdown();

        assertThat(vault.logins()).isEqualTo(2);
    }

    @Test
    void revokedTokenIsAnsweredByOneReloginAndTheCallSucceeds() {
        VaultTransitKeyProvider keys = provider(Map.of());
        keys.newDataKey(TENANT);
        vault.revokeAllTokens();
        vault.clearRequests();

        DataKey dataKey = keys.newDataKey(TENANT);

        assertThat(dataKey.plaintext()).hasSize(32);
        assertThat(vault.requests()).extracting(Recorded::path).containsExactly(
                "/v1/transit/datakey/plaintext/" + KEY, "/v1/auth/approle/login",
                "/v1/transit/datakey/plaintext/" + KEY);
        assertThat(vault.logins()).isEqualTo(2);
    }

    @Test
    void persistentPermissionDeniedBecomesKeyUnavailableWithoutLeakingSecrets() {
        VaultTransitKeyProvider keys = provider(Map.of());
        keys.newDataKey(TENANT);
        String token = vault.lastIssuedToken();
        vault.failNext("/datakey/", 403, 2, "permission denied");

        assertThatThrownBy(() -> keys.newDataKey(TENANT))
                .isInstanceOfSatisfying(KeyUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("HTTP 403")
                .hasMessageNotContaining(TENANT)
                .hasMessageNotContaining(token)
                .hasMessageNotContaining(FakeVaultTransit.SECRET_ID)
                .hasMessageNotContaining("permission denied");
    }

    @Test
    void wrongAppRoleCredentialsStopStartupClearly() {
        assertThatThrownBy(() -> provider(Map.of("medsieve.keys.vault.auth.secret-id", "not-the-secret")))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("login")
                .hasMessageContaining("HTTP 400")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void staticTokenIsRefusedUnlessTheDevFlagIsSet() {
        Map<String, String> props = new HashMap<>();
        props.put("medsieve.keys.vault.auth.method", "token");
        props.put("medsieve.keys.vault.auth.token", "hvs.dev-root-token");
        assertThatThrownBy(() -> provider(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allow-static-token")
                .hasMessageNotContaining("hvs.dev-root-token");
        assertThat(vault.requests()).isEmpty();

        Map<String, String> approleWithToken = Map.of("medsieve.keys.vault.auth.token", "hvs.dev-root-token");
        assertThatThrownBy(() -> provider(approleWithToken)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staticTokenWithDevFlagIsSentAsIs() {
        vault.revokeAllTokens();
        Map<String, String> props = new HashMap<>();
        props.put("medsieve.keys.vault.auth.method", "token");
        props.put("medsieve.keys.vault.auth.token", "hvs.dev-root-token");
        props.put("medsieve.keys.vault.auth.allow-static-token", "true");
        VaultTransitKeyProvider keys = provider(props);

        // The fake does not know the token: the provider must not try to log in, just fail with 403.
        assertThatThrownBy(() -> keys.newDataKey(TENANT)).isInstanceOf(KeyUnavailableException.class);
        assertThat(vault.requests()).hasSize(1);
        assertThat(vault.requests().get(0).token()).isEqualTo("hvs.dev-root-token");
        assertThat(vault.logins()).isZero();
    }

    // --- keys and data keys -----------------------------------------------------------------------------

    @Test
    void firstUseCreatesTheTenantKeyThenRequestsADataKey() throws Exception {
        VaultTransitKeyProvider keys = provider(Map.of());
        String token = vault.lastIssuedToken();
        vault.clearRequests();

        DataKey first = keys.newDataKey(TENANT);
        DataKey second = keys.newDataKey(TENANT);

        List<Recorded> requests = vault.requests();
        assertThat(requests).extracting(Recorded::method, Recorded::path).containsExactly(
                tuple("POST", "/v1/transit/keys/" + KEY),
                tuple("POST", "/v1/transit/datakey/plaintext/" + KEY),
                tuple("POST", "/v1/transit/datakey/plaintext/" + KEY));
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.token()).isEqualTo(token);
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        assertThat(requests.get(0).body()).isEqualTo(json.readTree(
                "{\"type\":\"aes256-gcm96\",\"exportable\":false,\"allow_plaintext_backup\":false}"));
        assertThat(requests.get(1).body()).isEqualTo(json.readTree("{\"bits\":256}"));
        assertThat(vault.hasKey(KEY)).isTrue();

        assertThat(first.plaintext()).hasSize(32).isNotEqualTo(second.plaintext());
        assertThat(new String(first.wrapped(), StandardCharsets.US_ASCII)).startsWith("vault:v1:");
        assertThat(first.keyId()).matches("vt-[0-9a-f]{16}-v1").doesNotContain(TENANT);
        assertThat(second.keyId()).isEqualTo(first.keyId());
    }

    @Test
    void unwrapSendsTheCiphertextToDecrypt() throws Exception {
        VaultTransitKeyProvider keys = provider(Map.of());
        DataKey dataKey = keys.newDataKey(TENANT);
        String ciphertext = new String(dataKey.wrapped(), StandardCharsets.US_ASCII);
        vault.clearRequests();

        byte[] unwrapped = keys.unwrapDataKey(TENANT, dataKey.keyId(), dataKey.wrapped());

        assertThat(unwrapped).isEqualTo(dataKey.plaintext());
        Recorded decrypt = single("POST", "/v1/transit/decrypt/" + KEY);
        assertThat(decrypt.body()).isEqualTo(json.readTree("{\"ciphertext\":\"" + ciphertext + "\"}"));
        assertThat(vault.requests()).hasSize(1);
    }

    @Test
    void envelopeRoundTripOnTopOfVault() {
        VaultTransitKeyProvider keys = provider(Map.of());
        EnvelopeCipher cipher = new EnvelopeCipher(keys);

        byte[] envelope = cipher.seal(CANARY, DOC_1);

        assertThat(Bytes.contains(envelope, CANARY)).isFalse();
        assertThat(Bytes.contains(envelope, "vault:v1:".getBytes(StandardCharsets.US_ASCII))).isTrue();
        // A second process (fresh provider, own login) opens it through decrypt.
        assertThat(new EnvelopeCipher(provider(Map.of())).open(envelope, DOC_1)).isEqualTo(CANARY);
        assertThatThrownBy(() -> cipher.open(envelope, DOC_2)).isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void alteredWrappedKeyIsTamperingNotAMissingKey() {
        VaultTransitKeyProvider keys = provider(Map.of());
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] envelope = cipher.seal(CANARY, DOC_1);
        int at = indexOf(envelope, "vault:v1:".getBytes(StandardCharsets.US_ASCII)) + 20;
        envelope[at] = (byte) (envelope[at] == 'A' ? 'B' : 'A');
        vault.clearRequests();

        assertThatThrownBy(() -> cipher.open(envelope, DOC_1)).isInstanceOf(TamperedEnvelopeException.class);
        // Vault's 400 is ambiguous; the provider reads the key to tell tampering from a missing key.
        assertThat(vault.requests()).extracting(Recorded::method, Recorded::path).containsExactly(
                tuple("POST", "/v1/transit/decrypt/" + KEY),
                tuple("GET", "/v1/transit/keys/" + KEY));
    }

    @Test
    void keyIdOfAnotherTenantIsRejectedBeforeCallingVault() {
        VaultTransitKeyProvider keys = provider(Map.of());
        DataKey ofB = keys.newDataKey("tenant-b");
        vault.clearRequests();

        assertThatThrownBy(() -> keys.unwrapDataKey(TENANT, ofB.keyId(), ofB.wrapped()))
                .isInstanceOf(TamperedEnvelopeException.class);
        assertThatThrownBy(() -> keys.unwrapDataKey(TENANT, "tk-123", "not a ciphertext".getBytes()))
                .isInstanceOf(TamperedEnvelopeException.class);
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void tenantIdsThatAreNotSafePathSegmentsAreRejected() {
        VaultTransitKeyProvider keys = provider(Map.of());
        vault.clearRequests();

        for (String bad : List.of("../sys/seal", "a/b", "tenant a", "", "tenant-", "x?y=1", "t%2F", "tenant-a.hmac")) {
            assertThatThrownBy(() -> keys.newDataKey(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void plainHttpToARemoteHostIsRefused() {
        assertThatThrownBy(() -> provider(Map.of("medsieve.keys.vault.address", "http://vault.example.com:8200")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
    }

    // --- rotation and rewrap --------------------------------------------------------------------------------

    @Test
    void rotationKeepsOldEnvelopesReadableAndNewOnesUseTheNewVersion() {
        VaultTransitKeyProvider keys = provider(Map.of());
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] before = cipher.seal(CANARY, DOC_1);
        vault.clearRequests();

        String newKeyId = keys.rotateTenantKey(TENANT);

        Recorded rotate = single("POST", "/v1/transit/keys/" + KEY + "/rotate");
        assertThat(rotate.body().isMissingNode()).isTrue();
        assertThat(vault.requests()).hasSize(1);
        assertThat(newKeyId).matches("vt-[0-9a-f]{16}-v2");
        DataKey fresh = keys.newDataKey(TENANT);
        assertThat(fresh.keyId()).isEqualTo(newKeyId);
        assertThat(new String(fresh.wrapped(), StandardCharsets.US_ASCII)).startsWith("vault:v2:");
        byte[] after = cipher.seal(CANARY, DOC_2);
        assertThat(cipher.open(before, DOC_1)).isEqualTo(CANARY);
        assertThat(cipher.open(after, DOC_2)).isEqualTo(CANARY);
    }

    @Test
    void rewrapMovesADataKeyToTheLatestVersionThroughVault() throws Exception {
        VaultTransitKeyProvider keys = provider(Map.of());
        DataKey old = keys.newDataKey(TENANT);
        keys.rotateTenantKey(TENANT);
        vault.clearRequests();

        WrappedDataKey rewrapped = keys.rewrapDataKey(TENANT, old.keyId(), old.wrapped());

        Recorded rewrap = single("POST", "/v1/transit/rewrap/" + KEY);
        assertThat(rewrap.body()).isEqualTo(json.readTree(
                "{\"ciphertext\":\"" + new String(old.wrapped(), StandardCharsets.US_ASCII) + "\"}"));
        assertThat(rewrapped.keyId()).endsWith("-v2");
        assertThat(new String(rewrapped.wrapped(), StandardCharsets.US_ASCII)).startsWith("vault:v2:");
        assertThat(keys.unwrapDataKey(TENANT, rewrapped.keyId(), rewrapped.wrapped())).isEqualTo(old.plaintext());
    }

    @Test
    void versionRetiredByMinDecryptionVersionIsUnavailableNotTampered() {
        VaultTransitKeyProvider keys = provider(Map.of());
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] v1 = cipher.seal(CANARY, DOC_1);
        keys.rotateTenantKey(TENANT);
        byte[] v2 = cipher.seal(CANARY, DOC_2);
        vault.minDecryptionVersion(KEY, 2);

        assertThatThrownBy(() -> cipher.open(v1, DOC_1))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("-v1")
                .hasMessageNotContaining(TENANT);
        assertThat(cipher.open(v2, DOC_2)).isEqualTo(CANARY);
    }

    // --- HMAC ---------------------------------------------------------------------------------------------

    @Test
    void hmacKeyComesFromTransitHmacOfADedicatedKeyPinnedToVersionOneAndIsStable() throws Exception {
        VaultTransitKeyProvider keys = provider(Map.of());
        vault.clearRequests();

        byte[] key = keys.hmacKey(TENANT, "placeholder");

        assertThat(vault.requests()).extracting(Recorded::method, Recorded::path).containsExactly(
                tuple("POST", "/v1/transit/keys/" + HMAC_KEY),
                tuple("POST", "/v1/transit/hmac/" + HMAC_KEY + "/sha2-256"));
        assertThat(vault.requests().get(0).body()).isEqualTo(json.readTree(
                "{\"type\":\"aes256-gcm96\",\"exportable\":false,\"allow_plaintext_backup\":false}"));
        Recorded hmac = single("POST", "/v1/transit/hmac/" + HMAC_KEY + "/sha2-256");
        String label = Base64.getEncoder().encodeToString(
                LengthPrefixed.encode("medsieve-hmac-key-v1", TENANT, "placeholder"));
        assertThat(hmac.body()).isEqualTo(json.readTree("{\"input\":\"" + label + "\",\"key_version\":1}"));
        assertThat(key).hasSize(32);

        // Rotating the wrapping key and retiring its old versions leaves HMAC secrets untouched.
        keys.newDataKey(TENANT);
        keys.rotateTenantKey(TENANT);
        vault.minDecryptionVersion(KEY, 2);
        assertThat(keys.hmacKey(TENANT, "placeholder")).isEqualTo(key);
        assertThat(provider(Map.of()).hmacKey(TENANT, "placeholder")).isEqualTo(key);
        assertThat(keys.hmacKey(TENANT, "audit-signing")).isNotEqualTo(key);
        assertThat(keys.hmacKey("tenant-b", "placeholder")).isNotEqualTo(key);
    }

    // --- crypto-shredding -----------------------------------------------------------------------------------

    @Test
    void shreddingAllowsDeletionThenDeletesTheKey() throws Exception {
        VaultTransitKeyProvider keys = provider(Map.of());
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] shredded = cipher.seal(CANARY, DOC_1);
        byte[] kept = cipher.seal(CANARY, OTHER);
        keys.hmacKey(TENANT, "placeholder");
        VaultTransitKeyProvider otherProcess = provider(Map.of());
        assertThat(new EnvelopeCipher(otherProcess).open(shredded, DOC_1)).isEqualTo(CANARY);
        vault.clearRequests();

        keys.destroyTenantKey(TENANT);

        List<Recorded> requests = vault.requests();
        assertThat(requests).extracting(Recorded::method, Recorded::path).containsExactly(
                tuple("POST", "/v1/transit/keys/" + KEY + "/config"),
                tuple("DELETE", "/v1/transit/keys/" + KEY),
                tuple("POST", "/v1/transit/keys/" + HMAC_KEY + "/config"),
                tuple("DELETE", "/v1/transit/keys/" + HMAC_KEY));
        assertThat(requests.get(0).body()).isEqualTo(json.readTree("{\"deletion_allowed\":true}"));
        assertThat(requests.get(1).body().isMissingNode()).isTrue();
        assertThat(requests.get(2).body()).isEqualTo(json.readTree("{\"deletion_allowed\":true}"));
        assertThat(vault.hasKey(KEY)).isFalse();
        assertThat(vault.hasKey(HMAC_KEY)).isFalse();

        assertThatThrownBy(() -> cipher.open(shredded, DOC_1))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("key unavailable: keyId=vt-")
                .hasMessageNotContaining(TENANT);
        // Another process learns it from Vault: decrypt is refused and the key reads as 404.
        assertThatThrownBy(() -> new EnvelopeCipher(otherProcess).open(shredded, DOC_1))
                .isInstanceOfSatisfying(KeyUnavailableException.class, e -> assertThat(e.retryable()).isFalse());
        // Neither process re-creates the key: this one remembers, the other already knew the key existed.
        assertThatThrownBy(() -> keys.newDataKey(TENANT)).isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> keys.hmacKey(TENANT, "placeholder")).isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> otherProcess.newDataKey(TENANT)).isInstanceOf(KeyUnavailableException.class);
        assertThat(vault.hasKey(KEY)).isFalse();
        assertThat(cipher.open(kept, OTHER)).isEqualTo(CANARY);

        // Idempotent, also from a process that never saw the key.
        provider(Map.of()).destroyTenantKey(TENANT);
        keys.destroyTenantKey(TENANT);
    }

    @Test
    void withKeyCreationOffAMissingKeyIsUnavailableAndNeverCreated() {
        VaultTransitKeyProvider keys = provider(Map.of("medsieve.keys.vault.create-keys", "false"));
        vault.clearRequests();

        assertThatThrownBy(() -> keys.newDataKey(TENANT)).isInstanceOf(KeyUnavailableException.class);
        assertThat(vault.requests()).extracting(Recorded::path).containsExactly("/v1/transit/datakey/plaintext/" + KEY);
        assertThat(vault.hasKey(KEY)).isFalse();
    }

    // --- transient failures -------------------------------------------------------------------------------

    @Test
    void serverErrorsAreRetriedWithBackoff() {
        VaultTransitKeyProvider keys = provider(Map.of());
        keys.newDataKey(TENANT);
        vault.clearRequests();
        vault.failNext("/datakey/", 500, 2, "internal error");

        DataKey dataKey = keys.newDataKey(TENANT);

        assertThat(dataKey.plaintext()).hasSize(32);
        assertThat(vault.requests()).extracting(Recorded::path)
                .containsExactly("/v1/transit/datakey/plaintext/" + KEY, "/v1/transit/datakey/plaintext/" + KEY,
                        "/v1/transit/datakey/plaintext/" + KEY);
    }

    @Test
    void outageBeyondTheRetryBudgetIsARetryableKeyUnavailable() {
        VaultTransitKeyProvider keys = provider(Map.of());
        DataKey dataKey = keys.newDataKey(TENANT);
        vault.clearRequests();
        vault.failNext("/decrypt/", 503, 10, "Vault is sealed");

        assertThatThrownBy(() -> keys.unwrapDataKey(TENANT, dataKey.keyId(), dataKey.wrapped()))
                .isInstanceOfSatisfying(KeyUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("HTTP 503")
                .hasMessageNotContaining("sealed");
        assertThat(vault.requests()).hasSize(4); // medsieve.keys.vault.max-attempts default
    }

    @Test
    void unreachableVaultIsARetryableKeyUnavailable() {
        VaultTransitKeyProvider keys = provider(Map.of());
        DataKey dataKey = keys.newDataKey(TENANT);
        vault.close();

        assertThatThrownBy(() -> keys.unwrapDataKey(TENANT, dataKey.keyId(), dataKey.wrapped()))
                .isInstanceOfSatisfying(KeyUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("no response");
    }

    // --- helpers ------------------------------------------------------------------------------------------

    /** A provider configured through the real {@link KeysConfig} mapping, with fast backoff for tests. */
    private VaultTransitKeyProvider provider(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("medsieve.keys.provider", "vault");
        props.put("medsieve.keys.vault.address", vault.address());
        props.put("medsieve.keys.vault.initial-backoff", "1ms");
        props.put("medsieve.keys.vault.auth.role-id", FakeVaultTransit.ROLE_ID);
        props.put("medsieve.keys.vault.auth.secret-id", FakeVaultTransit.SECRET_ID);
        props.putAll(overrides);
        props.values().removeIf(String::isEmpty);
        return new VaultTransitKeyProvider(keysConfig(props).vault(), clock);
    }

    static KeysConfig keysConfig(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "10s" syntax, as at runtime
                .withMapping(KeysConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .build();
        return config.getConfigMapping(KeysConfig.class);
    }

    private Recorded single(String method, String path) {
        List<Recorded> matching = vault.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
        assertThat(matching).as(method + " " + path).hasSize(1);
        return matching.get(0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
