package io.medsieve.router.messaging;

import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Sha256;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.router.config.RouterConfig;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Envelope encryption on the real in-process broker: what the broker stores for the router's input and output is
 * ciphertext, and records that were tampered with or moved to another tenant are dead-lettered with a reason and
 * reported on {@code security-events}, while the next good record of the same partition is still routed.
 */
@QuarkusTest
class RouterEnvelopeTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DLQ_REASON = "dead-letter-reason";

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    @Inject
    RouterConfig config;

    RouterTestDocuments documents;

    @BeforeEach
    void connect() {
        documents = new RouterTestDocuments(blobs, envelope, config.redactedTextPurpose());
    }

    @AfterEach
    void disconnect() {
        documents.close();
    }

    @Test
    void documentTextOnTheBrokerIsCiphertextInBothDirections() throws Exception {
        String canary = Canary.newName();
        DocumentRedacted redacted = withInlineText(documents.claim("tenant-envelope", true),
                "Explanation of benefits for " + canary);
        String documentId = redacted.header().documentId();
        try (KafkaTestConsumer in = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            documents.send(redacted);

            ConsumerRecord<String, byte[]> input = in.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            ConsumerRecord<String, byte[]> output = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            for (ConsumerRecord<String, byte[]> raw : new ConsumerRecord[] {input, output}) {
                String value = new String(raw.value(), StandardCharsets.ISO_8859_1);
                for (String fragment : Canary.fragments(canary)) {
                    assertThat(value).doesNotContain(fragment);
                }
                assertThat(value).doesNotContain(documentId).doesNotContain("tenant-envelope")
                        .doesNotContain("eventType").doesNotContain("\"header\"");
                assertThat(KafkaTestConsumer.header(raw, EventEnvelope.ENCRYPTION)).isEqualTo(EventEnvelope.SCHEME);
                assertThat(KafkaTestConsumer.header(raw, EventEnvelope.KEY_ID)).isNotBlank();
                assertThat(raw.headers().lastHeader(EventEnvelope.WRAPPED_KEY).value()).isNotEmpty();
                for (Header header : raw.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.ISO_8859_1)).doesNotContain(canary);
                }
            }
            // The text was there all along: only a holder of the tenant key sees it.
            DocumentRouted routed = envelope.open(output, DocumentRouted.class);
            assertThat(routed.payload().inlineText()).contains(canary);
        }
    }

    @Test
    void tamperedAndMovedRecordsAreDeadLetteredAndReportedAndThePartitionKeepsFlowing() throws Exception {
        String canary = Canary.newName();
        // One record key for all three records: one partition, in this order.
        String partitionKey = UUID.randomUUID().toString();
        documents.send(documents.claim("tenant-elsewhere", true)); // the other tenant has a key of its own

        DocumentRedacted tampered = withInlineText(documents.claim("tenant-envelope", true), "Claim of " + canary);
        SealedRecord tamperedRecord = envelope.seal(tampered);
        byte[] flipped = tamperedRecord.value().clone();
        flipped[flipped.length - 20] ^= 0x01;

        DocumentRedacted moved = withInlineText(documents.claim("tenant-envelope", true), "Claim of " + canary);
        SealedRecord movedRecord = envelope.seal(moved);
        Headers swappedTenant = replaced(movedRecord.headers(), KafkaHeaders.TENANT, "tenant-elsewhere");

        DocumentRedacted good = documents.claim("tenant-envelope", true);
        SealedRecord goodRecord = envelope.seal(good);

        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.ROUTER));
             KafkaTestConsumer security = KafkaTestConsumer.subscribe(Topics.SECURITY_EVENTS);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            documents.sendRaw(partitionKey, flipped, tamperedRecord.headers());
            documents.sendRaw(partitionKey, movedRecord.value(), swappedTenant);
            documents.sendRaw(partitionKey, goodRecord.value(), goodRecord.headers());

            ConsumerRecord<String, byte[]> deadTampered = dlq.awaitRecord(r -> eventId(r)
                    .equals(tampered.header().eventId()), WAIT);
            ConsumerRecord<String, byte[]> deadMoved = dlq.awaitRecord(r -> eventId(r)
                    .equals(moved.header().eventId()), WAIT);
            assertThat(KafkaTestConsumer.header(deadTampered, DLQ_REASON))
                    .startsWith("event envelope rejected (envelope.tampered)");
            assertThat(KafkaTestConsumer.header(deadMoved, DLQ_REASON))
                    .startsWith("event envelope rejected (envelope.tampered)")
                    .contains("moved to another tenant");
            // The dead letters keep the ciphertext: nothing was decrypted into them.
            assertThat(deadMoved.value()).isEqualTo(movedRecord.value());

            SecurityEvent tamperedReport = report(security, tampered);
            SecurityEvent movedReport = report(security, moved);
            assertThat(tamperedReport.stage()).isEqualTo(Stage.ROUTER);
            assertThat(tamperedReport.kind()).isEqualTo(EventEnvelope.REJECTED_KIND);
            assertThat(tamperedReport.detail()).contains("envelope.tampered");
            assertThat(tamperedReport.header().tenantId()).isEqualTo("tenant-envelope");
            assertThat(movedReport.header().tenantId()).as("as the forged header claims").isEqualTo("tenant-elsewhere");

            ConsumerRecord<String, byte[]> routed = out.awaitRecord(r -> good.header().documentId().equals(r.key()),
                    WAIT);
            assertThat(envelope.open(routed, DocumentRouted.class).header().causationId())
                    .isEqualTo(good.header().eventId());

            for (ConsumerRecord<String, byte[]> record : new ConsumerRecord[] {deadTampered, deadMoved}) {
                for (Header header : record.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.ISO_8859_1)).doesNotContain(canary);
                }
            }
            assertThat(tamperedReport.detail() + movedReport.detail()).doesNotContain(canary)
                    .doesNotContain(tampered.header().documentId());
            for (String fragment : Canary.fragments(canary)) {
                logs.assertNoneContains(fragment);
            }
        }
    }

    private static SecurityEvent report(KafkaTestConsumer security, DocumentRedacted rejected) {
        ConsumerRecord<String, byte[]> record = security.awaitRecord(r -> rejected.header().eventId()
                .equals(EventJson.read(r.value(), SecurityEvent.class).header().causationId()), WAIT);
        assertThat(KafkaTestConsumer.header(record, EventEnvelope.ENCRYPTION)).as("security events stay clear")
                .isNull();
        return EventJson.read(record.value(), SecurityEvent.class);
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        return String.valueOf(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_ID));
    }

    /** The same event with its redacted text inline, as a small document may travel. */
    private static DocumentRedacted withInlineText(DocumentRedacted event, String text) {
        EventHeader header = event.header();
        return new DocumentRedacted(header,
                ContentRef.inline(RouterTestDocuments.MEDIA_TYPE, text,
                        Sha256.hex(text.getBytes(StandardCharsets.UTF_8))),
                null, event.entities(), false, event.redactionVersion(), event.intake(), event.ocrMeanConfidence(),
                event.lowConfidencePages());
    }

    private static Headers replaced(Headers original, String name, String value) {
        RecordHeaders copy = new RecordHeaders();
        original.forEach(h -> {
            if (!h.key().equals(name)) {
                copy.add(h.key(), h.value());
            }
        });
        copy.add(name, value.getBytes(StandardCharsets.UTF_8));
        return copy;
    }
}
