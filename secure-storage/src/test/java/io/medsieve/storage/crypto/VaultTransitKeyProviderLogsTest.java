package io.medsieve.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsieve.storage.KeysConfig;
import io.medsieve.testsupport.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every log line the Vault provider writes (logins, renewals, retries, rotation, shredding, failures) is free
 * of secrets: AppRole secret id, client tokens, data keys, wrapped keys, and tenant ids.
 */
class VaultTransitKeyProviderLogsTest {

    private static final String TENANT = "tenant-canary-4711";
    private static final AssociatedData AAD = new AssociatedData(TENANT, "doc-1", "original");

    @Test
    void nothingSecretIsLogged() throws Exception {
        MutableClock clock = new MutableClock();
        List<String> canaries = new ArrayList<>(List.of(FakeVaultTransit.SECRET_ID, TENANT));
        try (FakeVaultTransit vault = new FakeVaultTransit(clock); LogCapture logs = LogCapture.start()) {
            vault.leaseSeconds(60);
            vault.renewGrantSeconds(60);
            VaultTransitKeyProvider keys = new VaultTransitKeyProvider(config(vault), clock);
            canaries.add(vault.lastIssuedToken());

            DataKey dataKey = keys.newDataKey(TENANT);
            canaries.add(Base64.getEncoder().encodeToString(dataKey.plaintext()));
            canaries.add(new String(dataKey.wrapped(), StandardCharsets.US_ASCII));
            byte[] envelope = new EnvelopeCipher(keys).seal("x".getBytes(StandardCharsets.UTF_8), AAD);
            clock.advance(Duration.ofSeconds(45)); // renewal
            vault.renewGrantSeconds(5);
            clock.advance(Duration.ofSeconds(45)); // renewal too short: login again
            keys.rotateTenantKey(TENANT);
            keys.hmacKey(TENANT, "placeholder");
            canaries.add(vault.lastIssuedToken());
            vault.failNext("/decrypt/", 503, 10, "Vault is sealed"); // retries are logged as warnings
            assertThatThrownBy(() -> new EnvelopeCipher(keys).open(envelope, AAD))
                    .isInstanceOf(KeyUnavailableException.class);
            keys.destroyTenantKey(TENANT);

            assertThat(logs.lines()).anyMatch(line -> line.contains("logged in to vault"))
                    .anyMatch(line -> line.contains("HTTP 503"))
                    .anyMatch(line -> line.contains("destroyed vault transit key vt-"));
            logs.assertNoneContains(canaries.toArray(String[]::new));
            logs.assertNoneContains("medsieve-" + TENANT);
        }
    }

    private static KeysConfig.Vault config(FakeVaultTransit vault) {
        Map<String, String> props = new HashMap<>();
        props.put("medsieve.keys.provider", "vault");
        props.put("medsieve.keys.vault.address", vault.address());
        props.put("medsieve.keys.vault.initial-backoff", "1ms");
        props.put("medsieve.keys.vault.auth.role-id", FakeVaultTransit.ROLE_ID);
        props.put("medsieve.keys.vault.auth.secret-id", FakeVaultTransit.SECRET_ID);
        return VaultTransitKeyProviderContractTest.keysConfig(props).vault();
    }
}
