package io.medsieve.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the resource the way Quarkus does (init, start, stop) and uses what it hands out. */
class KafkaBrokerResourceTest {

    private static KafkaBrokerResource resource;
    private static Map<String, String> config;

    @BeforeAll
    static void startBroker() {
        resource = new KafkaBrokerResource();
        resource.init(Map.of("topics", "document-ingested, stage-failures", "partitions", "2"));
        config = resource.start();
    }

    @AfterAll
    static void stopBroker() {
        resource.stop();
        assertThatThrownBy(KafkaBrokerResource::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pointsPlainClientsAndSmallRyeAtTheSameBroker() throws Exception {
        assertThat(config.get("kafka.bootstrap.servers"))
                .isEqualTo(config.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"))
                .isEqualTo(KafkaBrokerResource.bootstrapServers());

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()))) {
            var topics = admin.describeTopics(List.of("document-ingested", "stage-failures")).allTopicNames().get();
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
        }
    }

    @Test
    void testConsumerAwaitsMatchesAndDrains() throws Exception {
        try (KafkaTestConsumer consumer = KafkaTestConsumer.subscribe("document-ingested");
                var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("document-ingested", "doc-a", bytes("{\"n\":1}"))).get();
            producer.send(new ProducerRecord<>("document-ingested", "doc-b", bytes("{\"n\":2}"))).get();
            producer.send(new ProducerRecord<>("document-ingested", "doc-c", bytes("{\"n\":3}"))).get();

            ConsumerRecord<String, byte[]> second = consumer.awaitRecord(record -> "doc-b".equals(record.key()), Duration.ofSeconds(30));
            assertThat(new String(second.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");

            List<ConsumerRecord<String, byte[]>> rest = consumer.await(2, Duration.ofSeconds(30));
            assertThat(rest).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("doc-a", "doc-c");

            assertThat(consumer.drainFor(Duration.ofMillis(500))).isEmpty();
            assertThatThrownBy(() -> consumer.await(1, Duration.ofMillis(300))).isInstanceOf(AssertionError.class);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
