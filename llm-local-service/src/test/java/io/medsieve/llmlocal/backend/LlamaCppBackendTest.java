package io.medsieve.llmlocal.backend;

import io.medsieve.events.AnalysisTask;
import io.medsieve.prompts.Prompt;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-process backend over the real llama.cpp binding and a model generated here: it loads, counts tokens with the
 * model's tokenizer, answers through the chat template, records the weights' hash, and cancels a generation that
 * outlasts its timeout, after which the model still serves.
 *
 * <p>A {@code @QuarkusTest} although it needs no application: a JVM can bind llama.cpp's native library to one class
 * loader only, and the application under test (same JVM, Quarkus' class loader) loads it first.
 */
@QuarkusTest
class LlamaCppBackendTest {

    private static Path directory;

    private static Path modelFile;
    private static LlamaCppBackend backend;

    private final Prompt prompt = PromptBuilder.build(PromptCatalog.standard().template(AnalysisTask.SUMMARY),
            "Type 2 diabetes mellitus. Metformin 500 mg twice daily.\fFollow up in 3 months.");

    @BeforeAll
    static void load() throws Exception {
        directory = Files.createTempDirectory("medsieve-llama-test");
        modelFile = TinyGgufModel.write(directory.resolve("tiny.gguf"), 11, true);
        backend = new LlamaCppBackend(modelFile, "tiny", 8192, 1, 1, 0, Duration.ofSeconds(30), 0.0);
    }

    @AfterAll
    static void close() throws IOException {
        if (backend != null) {
            backend.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void generatesExactlyTheRequestedTokensThroughTheChatTemplateAndNamesTheWeights() {
        Generation generation = backend.generate(prompt, 16, false);

        assertThat(generation.text()).hasSize(16).matches("[ab]+");
        assertThat(generation.outputTokens()).isEqualTo(16);
        // The prompt went through the template: more tokens than the two messages alone.
        assertThat(generation.inputTokens()).isGreaterThan(backend.countTokens(prompt.system() + prompt.user()));
        assertThat(backend.info().provider()).isEqualTo("llama.cpp");
        assertThat(backend.info().modelId()).isEqualTo("tiny");
        assertThat(backend.info().modelVersion()).matches("sha256:[0-9a-f]{64}");
        assertThat(backend.countTokens("abc")).isPositive();
    }

    @Test
    void aGenerationThatOutlastsItsTimeoutIsCancelledAndTheModelStillServes() {
        backend.generate(prompt, 4, Duration.ofSeconds(30)); // warm up, so the timings below compare like with like
        long fullStarted = System.nanoTime();
        assertThat(backend.generate(prompt, 1000, Duration.ofSeconds(60)).outputTokens()).isEqualTo(1000);
        Duration thousandTokens = Duration.ofNanos(System.nanoTime() - fullStarted);

        long started = System.nanoTime();
        // The babbling model never stops on its own: only the timeout ends this 6000-token request.
        assertThatThrownBy(() -> backend.generate(prompt, 6000, Duration.ofMillis(1)))
                .isInstanceOf(BackendException.class)
                .satisfies(e -> {
                    assertThat(((BackendException) e).code()).isEqualTo("llm-local.timeout");
                    assertThat(((BackendException) e).retryable()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("diabetes");
                });
        // Cancelled, not run to the end in the background: well under the time of 6000 tokens.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(thousandTokens.multipliedBy(3));
        assertThat(backend.generate(prompt, 4, Duration.ofSeconds(30)).text()).hasSize(4);
    }

    @Test
    void aPromptLargerThanTheContextIsRefusedBeforeAnyGeneration() {
        LlamaCppBackend small = new LlamaCppBackend(modelFile, "tiny", 512, 1, 1, 0, Duration.ofSeconds(30), 0.0);
        try {
            assertThatThrownBy(() -> small.generate(prompt, 16, false))
                    .isInstanceOf(BackendException.class)
                    .extracting(e -> ((BackendException) e).code()).isEqualTo("llm-local.context-exceeded");
        } finally {
            small.close();
        }
    }

    @Test
    void aMissingModelFileIsAClearErrorNotACrash() {
        assertThatThrownBy(() -> new LlamaCppBackend(directory.resolve("absent.gguf"), "x", 512, 1, 1, 0,
                Duration.ofSeconds(1), 0.0))
                .isInstanceOf(BackendException.class)
                .extracting(e -> ((BackendException) e).code()).isEqualTo("llm-local.model-missing");
    }
}
