package io.medsieve.ingest.messaging;

import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Topics;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash-recovery path of the outbox: an event that was committed but never sent (the process died before the
 * relay ran) is published by the poll, with its headers, and then marked published.
 */
@QuarkusTest
class OutboxRelayTest {

    @Inject
    EventEnvelope envelope;

    @Test
    void committedButUnsentEventIsPublishedByThePoll() throws Exception {
        String documentId = UUID.randomUUID().toString();
        DocumentIngested event = new DocumentIngested(EventHeader.first(DocumentIngested.TYPE,
                DocumentIngested.SCHEMA_VERSION, "stranded", documentId, null, new Producer("ingest-service", "test"),
                Instant.now()), ContentRef.stored("application/pdf", 10, "0".repeat(64),
                "blob:stranded/" + documentId + "/original"), 1, Priority.ROUTINE, Set.of(), false, true);
        UUID eventId = UUID.fromString(event.header().eventId());
        byte[] payload = EventJson.write(event);
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
            // Sealed on the way out: ciphertext on the broker that opens to exactly the stored event.
            assertThat(KafkaTestConsumer.header(record, EventEnvelope.ENCRYPTION)).isEqualTo(EventEnvelope.SCHEME);
            assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(documentId);
            assertThat(envelope.open(record, DocumentIngested.class)).isEqualTo(event);
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
