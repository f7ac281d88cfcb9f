package io.medsieve.storage;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded keyring ({@code medsieve.keys.provider=local}, the default). The passphrase deliberately has no default: a built-in value would make every
 * installation's keys decryptable by anyone with the source, so startup fails when it is missing.
 */
@ConfigMapping(prefix = "medsieve.keyring")
public interface KeyringConfig {

    /** {@code medsieve.keyring.path}: the keyring JSON file; a sibling {@code .lock} file is created next to it. */
    Path path();

    /**
     * {@code medsieve.keyring.passphrase}: supply via env {@code MEDSIEVE_KEYRING_PASSPHRASE}, never a file.
     * Optional only so that services on Vault need not set it; the local keyring refuses to start without it.
     */
    Optional<String> passphrase();
}
