package io.medsieve.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A private temporary directory that an embedded server owns for its whole life.
 *
 * <p>Embedded servers write megabytes of logs and data files; tying the directory to the
 * server's lifecycle keeps repeated test runs from silently filling the temp partition.
 */
final class ScratchDirectory implements AutoCloseable {

    private final Path root;

    private ScratchDirectory(Path root) {
        this.root = root;
    }

    /** Creates a fresh, uniquely named directory so parallel servers never share files. */
    static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for " + prefix, e);
        }
    }

    Path path() {
        return root;
    }

    /** Deletes the directory tree; tolerant of files that vanished meanwhile (servers clean up too). */
    @Override
    public void close() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }
}
