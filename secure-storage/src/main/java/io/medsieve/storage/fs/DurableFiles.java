package io.medsieve.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Crash-safe, owner-only file writes shared by the blob store and the keyring. Both hold PHI or key material,
 * so a reader must never see a half-written file, a power cut must not lose an acknowledged write, and other
 * local users must not be able to read anything (files 0600, directories 0700 where the file system is POSIX).
 */
public final class DurableFiles {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    /** Temp names contain '~', which blob keys never do, so a temp file can never be mistaken for a blob. */
    private static final String TEMP_SUFFIX = ".~tmp";

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} so that readers see either the old or the new file, never a
     * mix: write a temp file in the same directory, fsync it, atomically rename it over the target, then fsync
     * the directory so the rename itself survives a crash.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX, fileAttributes(dir));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            restrictToOwner(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(dir);
    }

    /**
     * Creates {@code dir} and any missing parents as owner-only directories, fsyncing each parent so the new
     * entries are durable before files are written into them. Safe against concurrent creators.
     */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, dirAttributes(p));
                restrictToOwner(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
            if (p.getParent() != null) {
                fsyncDirectory(p.getParent());
            }
        }
    }

    /** Makes a directory entry change (create, rename, delete) durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        if (!isPosix(dir)) {
            return; // Windows cannot open a directory as a channel; NTFS journals metadata anyway
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Sets 0600 on files and 0700 on directories, regardless of the process umask. */
    public static void restrictToOwner(Path path) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? OWNER_DIR : OWNER_FILE);
        }
    }

    /** Attributes for creating an owner-only file, so it is never briefly readable by others. */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] dirAttributes(Path dir) {
        return isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIR)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
