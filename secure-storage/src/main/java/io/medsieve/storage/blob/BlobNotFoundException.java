package io.medsieve.storage.blob;

/**
 * Nothing is stored under a key, e.g. the blob was deleted or the claim-check is stale. The key is available
 * via {@link #key()} but deliberately kept out of the message, since keys carry tenant and document ids.
 */
public class BlobNotFoundException extends RuntimeException {

    private final String key;

    public BlobNotFoundException(String key) {
        super("blob not found");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
