package io.medsieve.storage;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** Where encrypted blobs live; shared by every service on the machine so claim-checks resolve everywhere. */
@ConfigMapping(prefix = "medsieve.storage")
public interface StorageConfig {

    /** {@code medsieve.storage.blob-root}: root directory of the file-system blob store. */
    Path blobRoot();
}
