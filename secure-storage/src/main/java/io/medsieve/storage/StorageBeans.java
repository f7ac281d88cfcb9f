package io.medsieve.storage;

import io.medsieve.storage.blob.BlobStore;
import io.medsieve.storage.blob.FileSystemBlobStore;
import io.medsieve.storage.crypto.KeyProvider;
import io.medsieve.storage.crypto.LocalKeyring;
import io.medsieve.storage.crypto.VaultTransitKeyProvider;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Arrays;

/**
 * Wires the embedded defaults (local file system, local keyring), or Vault Transit for keys when
 * {@code medsieve.keys.provider=vault}. Both are {@link DefaultBean}s so a service that provides its own beans
 * (e.g. S3) replaces them without touching this library.
 */
@Singleton
public class StorageBeans {

    @Produces
    @Singleton
    @DefaultBean
    BlobStore blobStore(StorageConfig config) {
        return new FileSystemBlobStore(config.blobRoot());
    }

    /**
     * Created at startup, not on first use, so a missing or wrong passphrase, or Vault credentials that do not
     * log in, stop the service immediately.
     */
    @Produces
    @Singleton
    @DefaultBean
    @Startup
    KeyProvider keyProvider(KeysConfig keys, KeyringConfig keyring) {
        return switch (keys.provider()) {
            case LOCAL -> localKeyring(keyring);
            case VAULT -> new VaultTransitKeyProvider(keys.vault());
        };
    }

    private static LocalKeyring localKeyring(KeyringConfig config) {
        char[] passphrase = config.passphrase().orElse("").toCharArray();
        try {
            return new LocalKeyring(config.path(), passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    void closeKeyProvider(@Disposes KeyProvider keys) {
        if (keys instanceof LocalKeyring keyring) {
            keyring.close();
        }
    }
}
