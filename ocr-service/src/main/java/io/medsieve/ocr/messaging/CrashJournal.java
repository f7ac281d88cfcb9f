package io.medsieve.ocr.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Remembers which inputs were being processed, so that one whose processing kills the JVM (a native crash inside
 * Tesseract or a decoder cannot be caught) is not retried forever. Before extraction starts, the input's attempt
 * count is written to a small file named by its eventId; the file is removed once the outcome was published. After
 * a crash Kafka redelivers the unacknowledged input, and when it has already been attempted
 * {@code maxAttempts} times the stage emits {@code ocr.engine-crashed} instead of crashing again.
 *
 * <p>The files hold only an event id and a number, no content. The directory is per instance: a redelivery that
 * lands on another instance starts counting afresh there, which bounds the crash loop per instance.
 */
public final class CrashJournal {

    private final Path directory;
    private final int maxAttempts;

    public CrashJournal(Path directory, int maxAttempts) {
        this.directory = directory;
        this.maxAttempts = maxAttempts;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OCR crash journal directory " + directory, e);
        }
    }

    /**
     * Records one more attempt at {@code eventId}.
     *
     * @return false when earlier attempts already reached the limit (the caller fails the document instead)
     */
    public boolean beginAttempt(String eventId) {
        Path file = fileFor(eventId);
        int attempts = 0;
        try {
            if (Files.exists(file)) {
                attempts = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            }
        } catch (IOException | NumberFormatException e) {
            attempts = 0;
        }
        if (attempts >= maxAttempts) {
            return false;
        }
        try {
            Files.writeString(file, Integer.toString(attempts + 1), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        } catch (IOException e) {
            // Without the journal the stage still works; only crash-loop protection is lost for this input.
        }
        return true;
    }

    /** Forgets {@code eventId} once its outcome is published. */
    public void finish(String eventId) {
        try {
            Files.deleteIfExists(fileFor(eventId));
        } catch (IOException e) {
            // A stale entry only counts one attempt too many if the same input ever comes back.
        }
    }

    /** Event ids come from the wire: only a UUID's canonical form is used as a file name. */
    private Path fileFor(String eventId) {
        return directory.resolve(UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8)) + ".attempts");
    }
}
