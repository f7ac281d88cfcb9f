package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One rendered kustomization (base, dev or prod) and look-ups over its objects. */
record Rendered(String name, List<ObjectNode> objects) {

    /** What the tests check: the base and every overlay, each as kubectl would apply it. */
    static final List<String> TARGETS = List.of("base", "overlays/dev", "overlays/prod");

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    static Rendered of(String target) {
        return CACHE.computeIfAbsent(target,
                key -> new Rendered(key, Kustomize.render(RepoFiles.k8s().resolve(key))));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name(object).equals(name)).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + ": no " + kind + " " + name));
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
        return name;
    }
}
