package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl apply -k} does, for the subset MedSieve's manifests use:
 * {@code resources} (files and directories holding a kustomization), {@code namespace} and {@code patches} with a
 * kind/name target and an inline RFC 6902 patch (add, replace, remove). There is no kubectl on the build machines;
 * anything outside this subset fails loudly instead of being rendered differently from kustomize.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources",
            "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    private Kustomize() {
    }

    static List<ObjectNode> render(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " has no kustomization.yaml");
        }
        JsonNode kustomization = RepoFiles.yamlSingle(file);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": field '" + field + "' is outside the rendered subset "
                        + SUPPORTED_FIELDS);
            }
        });
        require(kustomization.path("apiVersion").asText().equals("kustomize.config.k8s.io/v1beta1"), file,
                "apiVersion must be kustomize.config.k8s.io/v1beta1");
        require(kustomization.path("kind").asText().equals("Kustomization"), file, "kind must be Kustomization");

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else if (Files.isRegularFile(path)) {
                objects.addAll(RepoFiles.yamlDocuments(path));
            } else {
                throw new IllegalArgumentException(file + ": resource " + resource.asText() + " does not exist");
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(file, patch, objects);
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                    ((ObjectNode) object.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return objects;
    }

    private static void applyPatch(Path file, JsonNode patch, List<ObjectNode> objects) {
        patch.fieldNames().forEachRemaining(field -> require(field.equals("target") || field.equals("patch"), file,
                "patch field '" + field + "' is outside the rendered subset (target, patch)"));
        JsonNode target = patch.path("target");
        target.fieldNames().forEachRemaining(field -> require(field.equals("kind") || field.equals("name"), file,
                "patch target field '" + field + "' is outside the rendered subset (kind, name)"));
        require(target.has("kind"), file, "every patch names a target kind");
        JsonNode parsed = RepoFiles.yamlValue(patch.path("patch").asText());
        require(parsed.isArray(), file, "a patch must be an inline RFC 6902 operation list");
        List<ObjectNode> operations = new ArrayList<>();
        parsed.forEach(operation -> operations.add((ObjectNode) operation));
        require(!operations.isEmpty(), file, "a patch must be a non-empty RFC 6902 operation list");
        int matched = 0;
        for (ObjectNode object : objects) {
            boolean kindMatches = object.path("kind").asText().equals(target.get("kind").asText());
            boolean nameMatches = !target.has("name")
                    || object.path("metadata").path("name").asText().equals(target.get("name").asText());
            if (kindMatches && nameMatches) {
                matched++;
                for (ObjectNode operation : operations) {
                    JsonPatch.apply(object, operation);
                }
            }
        }
        require(matched > 0, file, "patch target " + target + " matches no resource");
    }

    private static void require(boolean condition, Path file, String message) {
        if (!condition) {
            throw new IllegalArgumentException(file + ": " + message);
        }
    }

    /** RFC 6902 add, replace and remove on JSON pointers (RFC 6901), as kustomize applies them. */
    static final class JsonPatch {

        private JsonPatch() {
        }

        static void apply(ObjectNode document, ObjectNode operation) {
            String op = operation.path("op").asText();
            List<String> path = pointer(operation.path("path").asText());
            JsonNode parent = document;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = child(parent, token);
                if (parent == null) {
                    throw new IllegalArgumentException("path " + operation.get("path") + " does not exist");
                }
            }
            String last = path.get(path.size() - 1);
            JsonNode value = operation.get("value");
            switch (op) {
                case "add" -> add(parent, last, requireValue(value, operation));
                case "replace" -> {
                    if (child(parent, last) == null) {
                        throw new IllegalArgumentException("replace: " + operation.get("path") + " does not exist");
                    }
                    remove(parent, last);
                    add(parent, last, requireValue(value, operation));
                }
                case "remove" -> {
                    if (child(parent, last) == null) {
                        throw new IllegalArgumentException("remove: " + operation.get("path") + " does not exist");
                    }
                    remove(parent, last);
                }
                default -> throw new IllegalArgumentException("patch op '" + op + "' is outside the rendered subset");
            }
        }

        private static JsonNode requireValue(JsonNode value, ObjectNode operation) {
            if (value == null) {
                throw new IllegalArgumentException(operation + " has no value");
            }
            return value.deepCopy();
        }

        private static List<String> pointer(String pointer) {
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("not a JSON pointer: " + pointer);
            }
            List<String> tokens = new ArrayList<>();
            for (String token : pointer.substring(1).split("/", -1)) {
                tokens.add(token.replace("~1", "/").replace("~0", "~"));
            }
            return tokens;
        }

        private static JsonNode child(JsonNode parent, String token) {
            if (parent instanceof ObjectNode object) {
                return object.get(token);
            }
            if (parent instanceof ArrayNode array && token.matches("0|[1-9][0-9]*")) {
                return array.get(Integer.parseInt(token));
            }
            return null;
        }

        private static void add(JsonNode parent, String token, JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(token, value);
            } else if (parent instanceof ArrayNode array) {
                if (token.equals("-")) {
                    array.add(value);
                } else {
                    int index = Integer.parseInt(token);
                    if (index > array.size()) {
                        throw new IllegalArgumentException("array index " + index + " out of bounds");
                    }
                    array.insert(index, value);
                }
            } else {
                throw new IllegalArgumentException("cannot add under a scalar");
            }
        }

        private static void remove(JsonNode parent, String token) {
            if (parent instanceof ObjectNode object) {
                object.remove(token);
            } else if (parent instanceof ArrayNode array) {
                array.remove(Integer.parseInt(token));
            }
        }
    }

}
