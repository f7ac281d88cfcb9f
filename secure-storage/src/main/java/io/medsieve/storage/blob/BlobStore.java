package io.medsieve.storage.blob;

/**
 * Raw byte store for (already encrypted) blobs. It knows nothing about crypto so the backend can move from the
 * local file system to S3 without touching encryption. Keys are '/'-separated segments of
 * {@code [A-Za-z0-9._-]}; anything else is rejected with {@link IllegalArgumentException}.
 */
public interface BlobStore {

    /**
     * Stores content durably and atomically: after return it survives a crash, and readers never see a partial
     * blob. Overwriting an existing key is allowed so that retried writes are idempotent.
     */
    void put(String key, byte[] content);

    /** @throws BlobNotFoundException if nothing is stored under the key */
    byte[] get(String key);

    /** Lets retries and audits check for a blob without reading (and decrypting) it. */
    boolean exists(String key);

    /** Removes the blob if present; deleting a missing key is not an error, so retries are safe. */
    void delete(String key);

    /** The location to put in a claim-check, e.g. {@code blob:tenant-a/3f2c.../original}. */
    String uri(String key);

    /**
     * Inverse of {@link #uri(String)}, so a claim-check read from an event is turned back into a validated key.
     *
     * @throws IllegalArgumentException for a foreign scheme or an invalid key
     */
    String keyOf(String uri);
}
