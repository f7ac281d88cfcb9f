package io.medsieve.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads what a service under test emitted, so integration tests assert on real Kafka records.
 *
 * <p>Each instance uses a fresh random consumer group starting at the earliest offset: it never
 * steals records from the application's own consumers and cannot miss records produced before
 * its partitions were assigned. The flip side is that it also sees records from earlier tests
 * on the same shared broker, so tests should match on their own document id with
 * {@link #awaitRecord}. Values stay raw bytes; parse them with {@code EventJson}.
 *
 * <p>Records are buffered: each record is handed out at most once across {@link #await},
 * {@link #awaitRecord} and {@link #drainFor}. Like the underlying {@link KafkaConsumer}, an
 * instance must be used from one thread.
 */
public final class KafkaTestConsumer implements AutoCloseable, AfterAllCallback {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final Supplier<KafkaConsumer<String, byte[]>> connect;
    private final List<ConsumerRecord<String, byte[]>> unclaimed = new ArrayList<>();
    private KafkaConsumer<String, byte[]> consumer;

    private KafkaTestConsumer(Supplier<KafkaConsumer<String, byte[]>> connect) {
        this.connect = connect;
    }

    /**
     * For a {@code @RegisterExtension static} field shared by a test class: subscribes on first use, once the
     * Quarkus test resources have started the broker, and closes after the class's tests.
     */
    public static KafkaTestConsumer onTopics(String... topics) {
        return new KafkaTestConsumer(() -> connect(KafkaBrokerResource.bootstrapServers(), List.of(topics)));
    }

    /** Subscribes on the broker of {@link KafkaBrokerResource}, the usual case inside a {@code @QuarkusTest}. */
    public static KafkaTestConsumer subscribe(String... topics) {
        return subscribe(KafkaBrokerResource.bootstrapServers(), List.of(topics));
    }

    /** Subscribes on any broker, for tests that run their own {@code EmbeddedKafka}. */
    public static KafkaTestConsumer subscribe(String bootstrapServers, Collection<String> topics) {
        KafkaConsumer<String, byte[]> consumer = connect(bootstrapServers, topics);
        return new KafkaTestConsumer(() -> consumer);
    }

    private static KafkaConsumer<String, byte[]> connect(String bootstrapServers, Collection<String> topics) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("Subscribe to at least one topic");
        }
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "medsieve-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Topics a test listens on may not exist yet; notice their creation quickly.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.copyOf(topics));
        return consumer;
    }

    /**
     * Waits for the next {@code count} records (in arrival order) and fails the test with what did
     * arrive when they do not come in time.
     */
    public List<ConsumerRecord<String, byte[]>> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unclaimed.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " record(s) within " + timeout + " but got "
                        + unclaimed.size() + ": " + describe(unclaimed));
            }
            pollOnce();
        }
        List<ConsumerRecord<String, byte[]>> claimed = new ArrayList<>(unclaimed.subList(0, count));
        unclaimed.subList(0, count).clear();
        return claimed;
    }

    /**
     * Waits for the first record that matches, leaving non-matching ones for later calls; the way to
     * pick one document's event out of a topic shared with other tests.
     */
    public ConsumerRecord<String, byte[]> awaitRecord(Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<ConsumerRecord<String, byte[]>> it = unclaimed.iterator(); it.hasNext(); ) {
                ConsumerRecord<String, byte[]> candidate = it.next();
                if (match.test(candidate)) {
                    it.remove();
                    return candidate;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No matching record within " + timeout + "; saw " + describe(unclaimed));
            }
            pollOnce();
        }
    }

    /**
     * Keeps polling for the whole {@code quiet} period and returns every record not handed out yet.
     * Asserting the result is empty (after filtering on the test's own id) proves that nothing was
     * emitted, e.g. that a rejected document produced no downstream event.
     */
    public List<ConsumerRecord<String, byte[]>> drainFor(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce();
        }
        List<ConsumerRecord<String, byte[]>> drained = List.copyOf(unclaimed);
        unclaimed.clear();
        return drained;
    }

    /** A record header as text, or null when absent: how tests pick their tenant's or event's records. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Leaves the throwaway group so the broker does not wait for it on the next rebalance. */
    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void pollOnce() {
        if (consumer == null) {
            consumer = connect.get();
        }
        consumer.poll(POLL_INTERVAL).forEach(unclaimed::add);
    }

    /** Coordinates only: values may hold (synthetic) document content that should not flood test output. */
    private static String describe(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(record -> record.topic() + "-" + record.partition() + "@" + record.offset() + " key=" + record.key())
                .toList()
                .toString();
    }
}
