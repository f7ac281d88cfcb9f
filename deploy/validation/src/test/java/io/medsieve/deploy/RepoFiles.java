package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the repository's own files: YAML documents as Jackson trees, so that manifests and the compose file are
 * checked as written, without any tool between the file and the check.
 */
final class RepoFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private RepoFiles() {
    }

    /** The repository root; surefire passes it, a run from the IDE falls back to two levels up. */
    static Path root() {
        String configured = System.getProperty("medsieve.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("../..");
        return root.toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    /**
     * Every non-empty document of a YAML file, as objects. SnakeYAML's safe constructor resolves anchors and
     * {@code <<} merge keys the way Docker Compose does, and builds no Java objects from tags.
     */
    static List<ObjectNode> yamlDocuments(Path file) {
        return yamlDocuments(read(file), file.toString());
    }

    static List<ObjectNode> yamlDocuments(String text, String origin) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<ObjectNode> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(text)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(origin + ": a document is not a mapping");
            }
            documents.add(JSON.valueToTree(document));
        }
        return documents;
    }

    /** One YAML value of any shape (a patch's operation list, for instance). */
    static JsonNode yamlValue(String text) {
        return JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    static JsonNode yamlSingle(Path file) {
        List<ObjectNode> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
