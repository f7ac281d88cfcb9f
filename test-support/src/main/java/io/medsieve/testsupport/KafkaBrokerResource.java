package io.medsieve.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.medsieve.embedded.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real in-process Kafka broker and points the application at it.
 *
 * <p>Usage: {@code @QuarkusTestResource(KafkaBrokerResource.class)} on one test class of a module
 * (Quarkus then shares the broker with every test of that module), optionally with
 * {@code initArgs = {@ResourceArg(name = "topics", value = "a,b"), @ResourceArg(name = "partitions", value = "3")}}
 * to create topics before the application subscribes. Creating them up front matters: otherwise
 * the first consumer's subscription races auto-creation and the test may miss early records.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: comma-separated topics to create before the application starts. */
    public static final String TOPICS_ARG = "topics";
    /** Init arg: partitions of the pre-created and of auto-created topics (default 3). */
    public static final String PARTITIONS_ARG = "partitions";

    /**
     * A JVM-wide system property rather than a static field: Quarkus may load this class in a
     * different class loader for the test instance than for the resource lifecycle, and a static
     * field would then be invisible to the test.
     */
    private static final String BOOTSTRAP_PROPERTY = "medsieve.test.kafka.bootstrap-servers";
    private static final int DEFAULT_PARTITIONS = 3;

    private List<String> topics = List.of();
    private int partitions = DEFAULT_PARTITIONS;
    private EmbeddedKafka kafka;

    /** Reads {@value #TOPICS_ARG} and {@value #PARTITIONS_ARG}; both are optional. */
    @Override
    public void init(Map<String, String> initArgs) {
        topics = Arrays.stream(initArgs.getOrDefault(TOPICS_ARG, "").split(","))
                .map(String::strip)
                .filter(topic -> !topic.isEmpty())
                .toList();
        partitions = Integer.parseInt(initArgs.getOrDefault(PARTITIONS_ARG, Integer.toString(DEFAULT_PARTITIONS)).strip());
    }

    /** Starts the broker and hands its address both to plain Kafka clients and to SmallRye's connector. */
    @Override
    public synchronized Map<String, String> start() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDefaultPartitions(partitions));
            kafka.createTopics(topics, partitions);
            System.setProperty(BOOTSTRAP_PROPERTY, kafka.bootstrapServers());
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    /** Stops the broker and deletes its files, so a long test run does not fill /tmp. */
    @Override
    public synchronized void stop() {
        if (kafka == null) {
            return;
        }
        try {
            if (kafka.bootstrapServers().equals(System.getProperty(BOOTSTRAP_PROPERTY))) {
                System.clearProperty(BOOTSTRAP_PROPERTY);
            }
            kafka.close();
        } finally {
            kafka = null;
        }
    }

    /**
     * The running broker's {@code bootstrap.servers}, for tests that build their own producers or
     * a {@link KafkaTestConsumer}; fails loudly when no broker was started, which is always a
     * missing {@code @QuarkusTestResource} rather than something to tolerate.
     */
    public static String bootstrapServers() {
        String bootstrapServers = System.getProperty(BOOTSTRAP_PROPERTY);
        if (bootstrapServers == null) {
            throw new IllegalStateException("No embedded Kafka broker is running: annotate a test class with"
                    + " @QuarkusTestResource(KafkaBrokerResource.class)");
        }
        return bootstrapServers;
    }
}
