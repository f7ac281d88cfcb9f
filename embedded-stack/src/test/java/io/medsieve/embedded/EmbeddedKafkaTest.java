package io.medsieve.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Proves the broker speaks real Kafka end to end and leaves nothing behind. */
class EmbeddedKafkaTest {

    @Test
    void producedRecordCanBeConsumedAndCloseDeletesFiles() throws Exception {
        Path dataDirectory;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dataDirectory = kafka.dataDirectory();
            assertThat(dataDirectory).isDirectory();

            kafka.createTopics(List.of("document-ingested"), 2);
            kafka.createTopics(List.of("document-ingested"), 2); // idempotent

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                var description = admin.describeTopics(List.of("document-ingested")).allTopicNames().get();
                assertThat(description.get("document-ingested").partitions()).hasSize(2);
            }

            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("document-ingested", "doc-1", "hello")).get();
            }

            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, UUID.randomUUID().toString(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("document-ingested"));
                List<ConsumerRecord<String, String>> received = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                }
                assertThat(received).singleElement().satisfies(record -> {
                    assertThat(record.key()).isEqualTo("doc-1");
                    assertThat(record.value()).isEqualTo("hello");
                });
            }
        }
        assertThat(Files.exists(dataDirectory)).isFalse();
    }

    @Test
    void autoCreatedTopicsUseConfiguredPartitionCount() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDefaultPartitions(4))) {
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("auto.created", "k", "v")).get();
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                var description = admin.describeTopics(List.of("auto.created")).allTopicNames().get();
                assertThat(description.get("auto.created").partitions()).hasSize(4);
            }
        }
    }

    @Test
    void restartKeepsPortAndRecordsAndClientsReconnect() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of("document-ingested"), 1);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("document-ingested", "doc-1", "before")).get();
                kafka.restart(Duration.ofMillis(500));
                // The same producer instance reconnects to the same address.
                producer.send(new ProducerRecord<>("document-ingested", "doc-2", "after")).get();
            }
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, UUID.randomUUID().toString(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("document-ingested"));
                List<String> received = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
                }
                assertThat(received).containsExactly("before", "after");
            }
        }
    }
}
