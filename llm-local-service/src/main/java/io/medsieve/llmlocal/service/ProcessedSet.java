package io.medsieve.llmlocal.service;

import io.medsieve.storage.fs.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The eventIds of outputs already acknowledged by the broker, one empty marker file each, kept on disk so a restart
 * or a redelivery (at-least-once) never runs a model twice for the same document, task and template release. A marker
 * is written only after the broker acknowledged the event; a crash in between reruns the task and republishes the
 * same eventId, which consumers de-duplicate. File names are UUIDs, never anything from the document.
 */
public final class ProcessedSet {

    private final Path directory;

    public ProcessedSet(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the processed-set directory", e);
        }
    }

    public boolean contains(String eventId) {
        return Files.exists(marker(eventId));
    }

    public void add(String eventId) {
        try {
            DurableFiles.writeAtomically(marker(eventId), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a processed analysis", e);
        }
    }

    private Path marker(String eventId) {
        return directory.resolve(UUID.fromString(eventId).toString());
    }
}
