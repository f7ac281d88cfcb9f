package io.medsieve.llmlocal;

import io.medsieve.llmlocal.backend.TinyGgufModel;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates the tiny babbling GGUF model (see {@link TinyGgufModel}) and points the service's llama.cpp backend at it,
 * the way a user points it at a real model: only {@code medsieve.llm-local.llama-cpp.model-path}. The backend itself
 * is chosen in {@code application.properties} ({@code %test.}), so a test profile can still switch it off.
 */
public class TinyModelResource implements QuarkusTestResourceLifecycleManager {

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("medsieve-tiny-model");
            Path model = TinyGgufModel.write(directory.resolve("tiny-babbler.gguf"), 7, true);
            return Map.of("medsieve.llm-local.llama-cpp.model-path", model.toString(),
                    "medsieve.llm-local.state-directory", directory.resolve("processed").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
