package io.medsieve.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline renderer: what it does with the supported subset, and that it refuses everything else. */
class KustomizeTest {

    @TempDir
    Path dir;

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: demo}
            data: {A: "1"}
            """;

    private Path kustomization(String name, String body) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + body);
        return folder;
    }

    @Test
    void rendersResourcesNamespaceAndPatchesOfAnOverlay() throws IOException {
        Path base = kustomization("base", "namespace: medsieve\nresources:\n  - cm.yaml\n");
        Files.writeString(base.resolve("cm.yaml"), CONFIG_MAP);
        Path overlay = kustomization("overlay", """
                resources:
                  - ../base
                patches:
                  - target: {kind: ConfigMap}
                    patch: |-
                      - op: replace
                        path: /data/A
                        value: "2"
                      - op: add
                        path: /data/B
                        value: "3"
                """);
        List<ObjectNode> objects = Kustomize.render(overlay);
        assertThat(objects).singleElement().satisfies(object -> {
            assertThat(object.at("/metadata/namespace").asText()).isEqualTo("medsieve");
            assertThat(object.at("/data/A").asText()).isEqualTo("2");
            assertThat(object.at("/data/B").asText()).isEqualTo("3");
        });
    }

    @Test
    void refusesFieldsOutsideTheSubset() throws IOException {
        Path folder = kustomization("images", "images:\n  - name: demo\n    newTag: \"2\"\n");
        assertThatThrownBy(() -> Kustomize.render(folder)).hasMessageContaining("images");
    }

    @Test
    void refusesAPatchThatMatchesNothingOrReplacesAMissingPath() throws IOException {
        Path base = kustomization("base2", "resources:\n  - cm.yaml\n");
        Files.writeString(base.resolve("cm.yaml"), CONFIG_MAP);
        Path nothing = kustomization("nothing", """
                resources: [../base2]
                patches:
                  - target: {kind: Deployment}
                    patch: "[{op: remove, path: /spec}]"
                """);
        assertThatThrownBy(() -> Kustomize.render(nothing)).hasMessageContaining("matches no resource");
        Path missing = kustomization("missing", """
                resources: [../base2]
                patches:
                  - target: {kind: ConfigMap, name: demo}
                    patch: "[{op: replace, path: /data/Z, value: x}]"
                """);
        assertThatThrownBy(() -> Kustomize.render(missing)).hasMessageContaining("does not exist");
    }
}
