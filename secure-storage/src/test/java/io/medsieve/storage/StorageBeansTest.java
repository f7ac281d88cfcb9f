package io.medsieve.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsieve.storage.crypto.FakeVaultTransit;
import io.medsieve.storage.crypto.KeyProvider;
import io.medsieve.storage.crypto.KeyringException;
import io.medsieve.storage.crypto.LocalKeyring;
import io.medsieve.storage.crypto.VaultTransitKeyProvider;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medsieve.keys.provider} picks the key provider, through the same config mappings Quarkus uses. */
class StorageBeansTest {

    @TempDir
    Path dir;

    private final StorageBeans beans = new StorageBeans();

    @Test
    void localKeyringIsTheDefault() {
        Map<String, String> props = keyringProps();
        props.put("medsieve.keyring.passphrase", "correct horse battery staple");

        KeyProvider keys = beans.keyProvider(keys(props), keyring(props));

        assertThat(keys).isInstanceOf(LocalKeyring.class);
        beans.closeKeyProvider(keys);
    }

    @Test
    void localKeyringWithoutPassphraseRefusesToStart() {
        Map<String, String> props = keyringProps();
        props.put("medsieve.keys.provider", "local");

        assertThatThrownBy(() -> beans.keyProvider(keys(props), keyring(props)))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("MEDSIEVE_KEYRING_PASSPHRASE");
    }

    @Test
    void vaultIsSelectedByConfigAndNeedsNoKeyringPassphrase() throws Exception {
        try (FakeVaultTransit vault = new FakeVaultTransit(Clock.systemUTC())) {
            Map<String, String> props = keyringProps();
            props.put("medsieve.keys.provider", "vault");
            props.put("medsieve.keys.vault.address", vault.address());
            props.put("medsieve.keys.vault.auth.role-id", FakeVaultTransit.ROLE_ID);
            props.put("medsieve.keys.vault.auth.secret-id", FakeVaultTransit.SECRET_ID);

            KeyProvider keys = beans.keyProvider(keys(props), keyring(props));

            assertThat(keys).isInstanceOf(VaultTransitKeyProvider.class);
            assertThat(vault.requests()).extracting(FakeVaultTransit.Recorded::path)
                    .containsExactly("/v1/auth/approle/login");
            assertThat(dir.resolve("keyring.json")).doesNotExist();
        }
    }

    @Test
    void vaultWithoutAddressFailsClearly() {
        Map<String, String> props = keyringProps();
        props.put("medsieve.keys.provider", "vault");

        assertThatThrownBy(() -> beans.keyProvider(keys(props), keyring(props)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("medsieve.keys.vault.address");
    }

    private Map<String, String> keyringProps() {
        Map<String, String> props = new HashMap<>();
        props.put("medsieve.keyring.path", dir.resolve("keyring.json").toString());
        return props;
    }

    private static KeysConfig keys(Map<String, String> props) {
        return config(props).getConfigMapping(KeysConfig.class);
    }

    private static KeyringConfig keyring(Map<String, String> props) {
        return config(props).getConfigMapping(KeyringConfig.class);
    }

    private static SmallRyeConfig config(Map<String, String> props) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(KeysConfig.class)
                .withMapping(KeyringConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .build();
    }
}
