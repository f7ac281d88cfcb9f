package io.medsieve.storage.blob;

import io.medsieve.storage.fs.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Blob store on the local file system, one file per key under a root directory. Keys arrive from events and
 * HTTP requests, so they are validated strictly: nothing may resolve outside the root. Files are 0600 and
 * directories 0700 so other local users cannot read PHI, even encrypted.
 */
public class FileSystemBlobStore implements BlobStore {

    static final String SCHEME = "blob:";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final int MAX_KEY_LENGTH = 1024;

    private final Path root;

    /** Creates the root directory (0700) if needed, so a fresh machine works without manual setup. */
    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            DurableFiles.createPrivateDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob root directory", e);
        }
    }

    @Override
    public void put(String key, byte[] content) {
        Path file = resolve(key);
        try {
            DurableFiles.createPrivateDirectories(file.getParent());
            DurableFiles.writeAtomically(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob", e);
        }
    }

    @Override
    public byte[] get(String key) {
        Path file = resolve(key);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob", e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            if (Files.deleteIfExists(file)) {
                DurableFiles.fsyncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob", e);
        }
    }

    @Override
    public String uri(String key) {
        validate(key);
        return SCHEME + key;
    }

    @Override
    public String keyOf(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a blob: URI");
        }
        String key = uri.substring(SCHEME.length());
        validate(key);
        return key;
    }

    /** Maps a validated key to its file, re-checking containment in case validation ever gets looser. */
    private Path resolve(String key) {
        validate(key);
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("blob key escapes the blob root");
        }
        return file;
    }

    /** The key itself is never echoed: it may be attacker-controlled and it names tenants and documents. */
    private static void validate(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("invalid blob key: empty or too long");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "invalid blob key: segments must match [A-Za-z0-9._-]+ and must not be '.' or '..'");
            }
        }
    }
}
