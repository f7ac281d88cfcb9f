package io.medsieve.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>MedSieve's services talk to each other only through Kafka, so tests and the one-JVM demo
 * need the genuine protocol (consumer groups, partitions, offsets), not a mock, yet must not
 * depend on Docker or an installed Kafka. Startup takes about two seconds; everything lives in
 * a private temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final ScratchDirectory directory;
    private final String bootstrapServers;
    private final Map<String, String> properties;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile KafkaRaftServer server;

    private EmbeddedKafka(KafkaRaftServer server, ScratchDirectory directory, String bootstrapServers,
                          Map<String, String> properties) {
        this.server = server;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.properties = Map.copyOf(properties);
    }

    /**
     * Tunables for the broker; the defaults suit tests, the demo may pin a port.
     *
     * @param defaultPartitions partitions of auto-created topics ({@code num.partitions})
     * @param port              client (PLAINTEXT) port, {@code 0} for a free one
     * @param quietLogs         hide the broker's INFO chatter (see {@link NoisyLoggers})
     * @param brokerProperties  extra or overriding {@code server.properties} entries
     */
    public record Options(int defaultPartitions, int port, boolean quietLogs, Map<String, String> brokerProperties) {

        public Options {
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            brokerProperties = Map.copyOf(brokerProperties);
        }

        /** Three partitions per topic so tests exercise more than one partition by default. */
        public static Options defaults() {
            return new Options(3, 0, true, Map.of());
        }

        /** More partitions expose ordering assumptions; one makes a test's event order deterministic. */
        public Options withDefaultPartitions(int partitions) {
            return new Options(partitions, port, quietLogs, brokerProperties);
        }

        /** A fixed port lets the demo print a stable address for external tools; tests keep 0. */
        public Options withPort(int fixedPort) {
            return new Options(defaultPartitions, fixedPort, quietLogs, brokerProperties);
        }

        /** Turn off when debugging the broker itself. */
        public Options withQuietLogs(boolean quiet) {
            return new Options(defaultPartitions, port, quiet, brokerProperties);
        }

        /** Escape hatch for a broker setting a single test needs, without widening this API. */
        public Options withBrokerProperty(String key, String value) {
            Map<String, String> merged = new LinkedHashMap<>(brokerProperties);
            merged.put(key, value);
            return new Options(defaultPartitions, port, quietLogs, merged);
        }
    }

    /** Starts a broker with {@link Options#defaults()}. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /**
     * Formats fresh KRaft storage, starts the broker and returns once it answers metadata requests,
     * so callers can produce immediately without retry loops of their own.
     */
    public static EmbeddedKafka start(Options options) {
        if (options.quietLogs()) {
            NoisyLoggers.silence("kafka", "org.apache.kafka", "state.change.logger");
        }
        ScratchDirectory directory = ScratchDirectory.create("medsieve-kafka-");
        KafkaRaftServer server = null;
        try {
            int clientPort = FreePort.orPick(options.port());
            int controllerPort = FreePort.orPick(0);
            Map<String, String> properties = brokerProperties(options, directory.path(), clientPort, controllerPort);
            formatStorage(properties, directory.path());

            server = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
            server.startup();
            String bootstrapServers = LOOPBACK + ":" + clientPort;
            awaitMetadata(bootstrapServers);
            return new EmbeddedKafka(server, directory, bootstrapServers, properties);
        } catch (RuntimeException e) {
            shutDownQuietly(server, e);
            closeQuietly(directory, e);
            throw e;
        }
    }

    /** The {@code host:port} list for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where logs and metadata live; exposed so tests can prove {@link #close()} removed it. */
    public Path dataDirectory() {
        return directory.path();
    }

    /**
     * Creates topics up front, tolerating ones that already exist, because auto-creation races
     * with the first consumer's subscription and may pick a different partition count.
     */
    public void createTopics(Collection<String> names, int partitions) {
        if (names.isEmpty()) {
            return;
        }
        List<NewTopic> topics = names.stream()
                .distinct()
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        try (Admin admin = admin(bootstrapServers)) {
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + names, e);
        }
    }

    /**
     * Stops the broker, keeps it down for {@code downtime}, then starts it again on the same ports and the same log
     * directories, as an operator's broker restart does. Reliability tests use it to show that clients reconnect
     * and nothing written before or during the outage is lost; returns once the broker serves metadata again.
     */
    public synchronized void restart(Duration downtime) {
        if (closed.get()) {
            throw new IllegalStateException("the broker was closed");
        }
        server.shutdown();
        server.awaitShutdown();
        try {
            Thread.sleep(downtime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the broker was down", e);
        }
        KafkaRaftServer restarted = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
        restarted.startup();
        server = restarted;
        awaitMetadata(bootstrapServers);
    }

    /** Stops the broker, waits for its threads and deletes its files; safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            directory.close();
        }
    }

    private static Map<String, String> brokerProperties(Options options, Path root, int clientPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + clientPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", root.resolve("logs").toString());

        props.put("num.partitions", Integer.toString(options.defaultPartitions()));
        props.put("auto.create.topics.enable", "true");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // One node: every internal topic must be satisfiable with a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        // Consumers in tests should join immediately, not after the 3 s production grace period.
        props.put("group.initial.rebalance.delay.ms", "0");
        // A 2-core CI box: keep the thread count modest.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.cleaner.threads", "1");
        props.putAll(options.brokerProperties());
        return props;
    }

    /** KRaft refuses to start on unformatted storage; this is {@code kafka-storage.sh format}. */
    private static void formatStorage(Map<String, String> properties, Path root) {
        Path configFile = root.resolve("server.properties");
        Properties asProperties = new Properties();
        asProperties.putAll(properties);
        try (OutputStream out = Files.newOutputStream(configFile)) {
            asProperties.store(out, "MedSieve embedded Kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + configFile, e);
        }

        ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printer = new PrintStream(toolOutput, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()
            }, printer);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Formatting Kafka storage failed: " + toolOutput.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage exited with " + exitCode + ": "
                    + toolOutput.toString(StandardCharsets.UTF_8));
        }
    }

    /** {@code startup()} returns before the broker is unfenced; poll until it serves metadata. */
    private static void awaitMetadata(String bootstrapServers) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin(bootstrapServers)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Embedded Kafka did not become ready within " + READY_TIMEOUT, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Embedded Kafka reported no brokers within " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "medsieve-embedded-kafka-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis());
        return Admin.create(config);
    }

    private static void shutDownQuietly(KafkaRaftServer server, RuntimeException failure) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(ScratchDirectory directory, RuntimeException failure) {
        try {
            directory.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
