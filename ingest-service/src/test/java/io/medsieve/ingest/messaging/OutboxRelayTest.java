package io.medsieve.ingest.messaging;

import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash-recovery path of the outbox: an event that was committed but never sent (the process died before the
 * relay ran) is published by the poll, with its headers, and then marked published.
 */
@QuarkusTest
class OutboxRelayTest {

    @Test
    void committedButUnsentEventIsPublishedByThePoll() throws Exception {
        UUID eventId = UUID.randomUUID();
        String documentId = UUID.randomUUID().toString();
        byte[] payload = ("{\"stranded\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
        try (KafkaTestConsumer ingested = KafkaTestConsumer.subscribe(Topics.DOCUMENT_INGESTED);
             Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into outbox_event (event_id, topic, message_key, tenant_id, event_type, payload, created_at)
                    values (?, ?, ?, 'stranded', 'DocumentIngested', ?, ?)""")) {
                insert.setObject(1, eventId);
                insert.setString(2, Topics.DOCUMENT_INGESTED);
                insert.setString(3, documentId);
                insert.setBytes(4, payload);
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }

            ConsumerRecord<String, byte[]> record = ingested.awaitRecord(
                    r -> eventId.toString().equals(KafkaTestConsumer.header(r, KafkaHeaders.EVENT_ID)), Duration.ofSeconds(20));
            assertThat(record.key()).isEqualTo(documentId);
            assertThat(record.value()).isEqualTo(payload);
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.TENANT)).isEqualTo("stranded");
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_TYPE)).isEqualTo("DocumentIngested");

            await().atMost(Duration.ofSeconds(10)).until(() -> isPublished(db, eventId));
        }
    }

    private static boolean isPublished(Connection db, UUID eventId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "select published_at is not null from outbox_event where event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet result = query.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
