package io.medsieve.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service's {@code application.properties} says it needs from the platform: the Kafka topics and consumer
 * groups of its channels, whether it has a database. The manifests are checked against this, so a channel added
 * to a service without its ACL (or the other way round) fails the build.
 */
record ServiceProperties(String service, Map<String, String> properties) {

    static List<String> services() {
        try (Stream<Path> modules = Files.list(RepoFiles.root())) {
            return modules.filter(dir -> dir.getFileName().toString().endsWith("-service"))
                    .filter(dir -> Files.isRegularFile(file(dir.getFileName().toString())))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceProperties of(String service) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file(service))) {
            loaded.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        // Profile overrides (%test., %dev.) do not run in a cluster.
        loaded.stringPropertyNames().stream().filter(key -> !key.startsWith("%"))
                .forEach(key -> properties.put(key, loaded.getProperty(key)));
        return new ServiceProperties(service, properties);
    }

    private static Path file(String service) {
        return RepoFiles.root().resolve(service).resolve("src/main/resources/application.properties");
    }

    boolean hasDatabase() {
        return properties.containsKey("quarkus.datasource.db-kind");
    }

    boolean hasChannels() {
        return !channels("incoming").isEmpty() || !channels("outgoing").isEmpty();
    }

    /** Topics read by incoming channels. */
    Set<String> readTopics() {
        return channels("incoming").stream().flatMap(channel -> incomingTopics(channel).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Consumer groups of incoming channels (Quarkus defaults group.id to the application name). */
    Set<String> groups() {
        return channels("incoming").stream()
                .map(channel -> properties.getOrDefault(key("incoming", channel, "group.id"),
                        properties.get("quarkus.application.name")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Topics written: outgoing channels and the dead-letter topics of incoming ones. */
    Set<String> writeTopics() {
        Set<String> topics = new TreeSet<>();
        for (String channel : channels("outgoing")) {
            topics.add(properties.getOrDefault(key("outgoing", channel, "topic"), channel));
        }
        for (String channel : channels("incoming")) {
            if ("dead-letter-queue".equals(properties.get(key("incoming", channel, "failure-strategy")))) {
                String fallback = "dead-letter-topic-" + incomingTopics(channel).get(0);
                topics.add(properties.getOrDefault(key("incoming", channel, "dead-letter-queue.topic"), fallback));
            }
        }
        return topics;
    }

    /** Consumers per instance of the channel reading {@code topic} (the connector's concurrency, default 1). */
    int concurrency(String topic) {
        return channels("incoming").stream().filter(channel -> incomingTopics(channel).contains(topic))
                .mapToInt(channel -> Integer.parseInt(properties.getOrDefault(key("incoming", channel,
                        "concurrency"), "1")))
                .max().orElse(1);
    }

    private List<String> incomingTopics(String channel) {
        String topics = properties.get(key("incoming", channel, "topics"));
        if (topics != null) {
            return Arrays.stream(topics.split(",")).map(String::strip).toList();
        }
        return List.of(properties.getOrDefault(key("incoming", channel, "topic"), channel));
    }

    private Set<String> channels(String direction) {
        String prefix = "mp.messaging." + direction + ".";
        return properties.keySet().stream().filter(key -> key.startsWith(prefix) && key.endsWith(".connector"))
                .map(key -> key.substring(prefix.length(), key.length() - ".connector".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String key(String direction, String channel, String attribute) {
        return "mp.messaging." + direction + "." + channel + "." + attribute;
    }
}
