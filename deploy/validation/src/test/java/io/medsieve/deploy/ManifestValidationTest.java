package io.medsieve.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every object of the base and of each overlay, rendered, is valid against its model or schema. */
class ManifestValidationTest {

    static final List<String> TARGETS = Rendered.TARGETS;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyRenderedObjectIsValid(String target) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Rendered.of(target).objects()) {
            problems.addAll(StrictModels.problems(object));
        }
        assertThat(problems).isEmpty();
        assertThat(Rendered.of(target).objects()).hasSizeGreaterThan(50);
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void namesAreUniquePerKindAndEverythingIsInTheMedsieveNamespace(String target) {
        Set<String> seen = new HashSet<>();
        for (ObjectNode object : Rendered.of(target).objects()) {
            assertThat(seen.add(object.path("kind").asText() + "/" + Rendered.name(object)))
                    .as("duplicate %s %s", object.path("kind").asText(), Rendered.name(object)).isTrue();
            if (!object.path("kind").asText().equals("Namespace")) {
                assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("medsieve");
            }
        }
    }

    /** A manifest file that no kustomization lists would never be applied. */
    @Test
    void everyManifestFileIsPartOfTheBase() throws IOException {
        Path base = RepoFiles.k8s().resolve("base");
        String kustomization = RepoFiles.read(base.resolve("kustomization.yaml"));
        try (Stream<Path> files = Files.walk(base)) {
            List<String> unlisted = files.filter(Files::isRegularFile)
                    .map(file -> base.relativize(file).toString())
                    .filter(file -> file.endsWith(".yaml") && !file.equals("kustomization.yaml"))
                    .filter(file -> !kustomization.contains("  - " + file + "\n"))
                    .toList();
            assertThat(unlisted).isEmpty();
        }
    }
}
