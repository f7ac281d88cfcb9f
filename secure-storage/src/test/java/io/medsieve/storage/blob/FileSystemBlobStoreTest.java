package io.medsieve.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemBlobStoreTest {

    @TempDir
    Path dir;
    private Path root;
    private FileSystemBlobStore store;

    @BeforeEach
    void setUp() {
        root = dir.resolve("blobs");
        store = new FileSystemBlobStore(root);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../x", "a/../../x", "..", ".", "a/./b", "a/..", "/etc/passwd", "/a", "a//b", "a/",
            "a/b/", "//", "a\\b", "..\\x", "C:\\x", "a b", "a/b\u0000", "a%2Fb", "a:b", "tenant/doc/orig~", "ü"})
    void rejectsUnsafeKeys(String key) {
        assertThatThrownBy(() -> store.put(key, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.uri(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void rejectedKeyMessageDoesNotEchoKey() {
        assertThatThrownBy(() -> store.put("../patient-jane-doe", new byte[0]))
                .hasMessageNotContaining("jane");
    }

    @Test
    void putGetOverwriteDelete() {
        String key = "tenant-a/3f2c9e/original";

        assertThat(store.exists(key)).isFalse();
        store.put(key, new byte[] {1, 2, 3});
        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key)).containsExactly(1, 2, 3);

        store.put(key, new byte[] {4, 5});
        assertThat(store.get(key)).containsExactly(4, 5);

        store.delete(key);
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(BlobNotFoundException.class)
                .hasMessageNotContaining("tenant-a");
        store.delete(key); // idempotent
    }

    @Test
    void leavesNoTempFilesBehind() throws Exception {
        store.put("t/d/original", new byte[] {1});
        store.put("t/d/original", new byte[] {2});

        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(root.resolve("t/d/original"));
        }
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        store.put("tenant-a/doc-1/original", new byte[] {1});

        assertThat(permissions(root.resolve("tenant-a/doc-1/original"))).isEqualTo("rw-------");
        assertThat(permissions(root.resolve("tenant-a/doc-1"))).isEqualTo("rwx------");
        assertThat(permissions(root.resolve("tenant-a"))).isEqualTo("rwx------");
        assertThat(permissions(root)).isEqualTo("rwx------");
    }

    @Test
    void uriRoundTripsAndRejectsForeignSchemes() {
        String key = "tenant-a/3f2c/original";

        assertThat(store.uri(key)).isEqualTo("blob:tenant-a/3f2c/original");
        assertThat(store.keyOf(store.uri(key))).isEqualTo(key);
        for (String foreign : new String[] {"s3://bucket/tenant-a/x", "file:/etc/passwd", "tenant-a/x", "BLOB:a",
                "blob:../x", "blob:/etc/passwd", "blob:", null}) {
            assertThatThrownBy(() -> store.keyOf(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void getMissingKeyThrowsNotFound() {
        assertThatThrownBy(() -> store.get("tenant-a/none/original")).isInstanceOf(BlobNotFoundException.class)
                .extracting(e -> ((BlobNotFoundException) e).key()).isEqualTo("tenant-a/none/original");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
