package io.medsieve.storage;

import io.medsieve.storage.blob.BlobStore;
import io.medsieve.storage.blob.FileSystemBlobStore;
import io.medsieve.storage.crypto.KeyProvider;
import io.medsieve.storage.crypto.LocalKeyring;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Arrays;

/**
 * Wires the embedded defaults (local file system, local keyring). Both are {@link DefaultBean}s so a service
 * that provides S3 or Vault Transit beans replaces them without touching this library.
 */
@Singleton
public class StorageBeans {

    @Produces
    @Singleton
    @DefaultBean
    BlobStore blobStore(StorageConfig config) {
        return new FileSystemBlobStore(config.blobRoot());
    }

    /** Created at startup, not on first use, so a missing or wrong passphrase stops the service immediately. */
    @Produces
    @Singleton
    @DefaultBean
    @Startup
    KeyProvider keyProvider(KeyringConfig config) {
        char[] passphrase = config.passphrase().toCharArray();
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
