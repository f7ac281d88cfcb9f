package io.medsieve.storage.crypto;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.Intake;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Route;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Sha256;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.storage.crypto.EnvelopeRejectedException.Reason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealing and opening of Kafka records with the real local keyring: what is on the wire, and every way a record can
 * be moved, altered, downgraded, rotated under or shredded away.
 */
class EventEnvelopeTest {

    private static final String CANARY = "Canary Patient Zebediah Quarrington MRN 99887766";
    private static final Producer PRODUCER = new Producer("router-service", "test");

    @TempDir
    Path dir;
    private LocalKeyring keyring;
    private EventEnvelope envelope;

    @BeforeEach
    void open() {
        keyring = TestKeyrings.open(dir.resolve("keyring.json"), "test-passphrase");
        envelope = new EventEnvelope(keyring);
    }

    @AfterEach
    void close() {
        keyring.close();
    }

    static DocumentRouted routed(String tenant, String document) {
        EventHeader header = EventHeader.first(DocumentRouted.TYPE, DocumentRouted.SCHEMA_VERSION, tenant, document,
                null, PRODUCER, Instant.parse("2026-01-01T00:00:00Z"));
        return new DocumentRouted(header, "LAB_REPORT", 0.9, 1, Route.LOCAL, false, List.of("tier 1"), "default",
                "1", ContentRef.inline("text/plain", CANARY, Sha256.hex(CANARY.getBytes(StandardCharsets.UTF_8))),
                new Intake(Priority.ROUTINE, Set.of(AnalysisTask.SUMMARY), false));
    }

    @Test
    void sealedRecordIsCiphertextWithKeyIdAndWrappedKeyInHeadersAndOpensToTheSameEvent() {
        DocumentRouted event = routed("tenant-a", "doc-1");
        SealedRecord record = envelope.seal(event);

        assertThat(record.key()).isEqualTo("doc-1");
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("Zebediah")
                .doesNotContain("doc-1").doesNotContain("LAB_REPORT");
        assertThat(header(record.headers(), EventEnvelope.ENCRYPTION)).isEqualTo(EventEnvelope.SCHEME);
        assertThat(header(record.headers(), EventEnvelope.KEY_ID)).isNotBlank().doesNotContain("tenant-a");
        assertThat(record.headers().lastHeader(EventEnvelope.WRAPPED_KEY).value()).isNotEmpty();
        assertThat(header(record.headers(), KafkaHeaders.TENANT)).isEqualTo("tenant-a");
        assertThat(header(record.headers(), EventEnvelope.DOCUMENT)).isEqualTo("doc-1");
        assertThat(header(record.headers(), KafkaHeaders.EVENT_TYPE)).isEqualTo(DocumentRouted.TYPE);

        assertThat(envelope.open(record.value(), record.headers(), DocumentRouted.class)).isEqualTo(event);
        // A fresh data key per record: the same event never yields the same ciphertext or wrapped key.
        SealedRecord again = envelope.seal(event);
        assertThat(again.value()).isNotEqualTo(record.value());
        assertThat(again.headers().lastHeader(EventEnvelope.WRAPPED_KEY).value())
                .isNotEqualTo(record.headers().lastHeader(EventEnvelope.WRAPPED_KEY).value());
    }

    @Test
    void everyEventThatCanCarryContentIsSealedAndFailureReportsStayClear() {
        assertThat(EventEnvelope.SEALED_TYPES).containsExactlyInAnyOrder("DocumentIngested", "DocumentExtracted",
                "DocumentRedacted", "DocumentRouted", "AnalysisProposed", "ReviewDecision");
        assertThat(EventJson.TYPES.keySet()).containsAll(EventEnvelope.SEALED_TYPES);

        StageFailed failed = new StageFailed(EventHeader.first(StageFailed.TYPE, 1, "tenant-a", "doc-1", null,
                PRODUCER, Instant.now()), Stage.ROUTER, "router.x", "reason", false, null);
        SealedRecord record = envelope.seal(failed);
        assertThat(record.value()).isEqualTo(EventJson.write(failed));
        assertThat(record.headers().lastHeader(EventEnvelope.ENCRYPTION)).isNull();
        assertThat(envelope.open(record.value(), record.headers())).isEqualTo(failed);
    }

    @Test
    void flippedCiphertextBitIsTampering() {
        SealedRecord record = envelope.seal(routed("tenant-a", "doc-1"));
        byte[] value = record.value().clone();
        value[value.length / 2] ^= 1;
        assertRejected(value, record.headers(), Reason.TAMPERED);
    }

    @Test
    void swappedTenantHeaderFailsWhetherOrNotTheOtherTenantHasAKey() {
        SealedRecord record = envelope.seal(routed("tenant-a", "doc-1"));
        assertRejected(record.value(), withHeader(record.headers(), KafkaHeaders.TENANT, "tenant-b"),
                Reason.KEY_UNAVAILABLE);
        envelope.seal(routed("tenant-b", "doc-2")); // now tenant-b has a key of its own
        assertRejected(record.value(), withHeader(record.headers(), KafkaHeaders.TENANT, "tenant-b"),
                Reason.TAMPERED);
    }

    @Test
    void retypedMovedOrRelabelledRecordsFail() {
        SealedRecord record = envelope.seal(routed("tenant-a", "doc-1"));
        assertRejected(record.value(), withHeader(record.headers(), KafkaHeaders.EVENT_TYPE, "DocumentRedacted"),
                Reason.TAMPERED);
        assertRejected(record.value(), withHeader(record.headers(), EventEnvelope.DOCUMENT, "doc-2"),
                Reason.TAMPERED);
        assertRejected(record.value(), withHeader(record.headers(), KafkaHeaders.EVENT_ID, "other-id"),
                Reason.TAMPERED);
        // The wrapped key of another record of the same tenant: valid key, wrong binding.
        SealedRecord other = envelope.seal(routed("tenant-a", "doc-1"));
        Headers swappedKey = withHeader(record.headers(), EventEnvelope.WRAPPED_KEY, "");
        swappedKey.remove(EventEnvelope.WRAPPED_KEY);
        swappedKey.add(EventEnvelope.WRAPPED_KEY, other.headers().lastHeader(EventEnvelope.WRAPPED_KEY).value());
        assertRejected(record.value(), swappedKey, Reason.TAMPERED);
    }

    @Test
    void missingEnvelopeHeadersOrTruncatedValueAreMalformed() {
        SealedRecord record = envelope.seal(routed("tenant-a", "doc-1"));
        Headers noKey = withHeader(record.headers(), EventEnvelope.KEY_ID, "");
        noKey.remove(EventEnvelope.KEY_ID);
        assertRejected(record.value(), noKey, Reason.MALFORMED);
        assertRejected(new byte[5], record.headers(), Reason.MALFORMED);
        assertRejected(record.value(), withHeader(record.headers(), EventEnvelope.ENCRYPTION, "rot13"),
                Reason.MALFORMED);
    }

    @Test
    void mustSealTypeArrivingInClearIsADowngradeAndRefused() {
        DocumentRouted event = routed("tenant-a", "doc-1");
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.of(event.header().eventId(), event.header().eventType(), "tenant-a").forEach(headers::add);
        assertRejected(EventJson.write(event), headers, Reason.UNSEALED);
    }

    @Test
    void rejectionMessagesNameTheReasonButNoTenantDocumentOrContent() {
        SealedRecord record = envelope.seal(routed("tenant-a", "doc-1"));
        Headers swapped = withHeader(record.headers(), KafkaHeaders.TENANT, "tenant-b");
        assertThatThrownBy(() -> envelope.open(record.value(), swapped))
                .isInstanceOf(EnvelopeRejectedException.class)
                .hasMessageStartingWith("event envelope rejected (envelope.key-unavailable)")
                .message().doesNotContain("tenant-a").doesNotContain("tenant-b").doesNotContain("doc-1")
                .doesNotContain("Zebediah");
    }

    @Test
    void rejectionBecomesASecurityEventBuiltFromClearHeadersOnly() {
        SealedRecord record = envelope.seal(routed("tenant-a", "doc-1"));
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>("document-routed", 2, 17L, "doc-1",
                record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        EnvelopeRejectedException rejected = new EnvelopeRejectedException(Reason.TAMPERED, null);

        SecurityEvent event = EventEnvelope.rejection(consumed, rejected, Stage.LLM_CLOUD, PRODUCER, Instant.now());
        SecurityEvent again = EventEnvelope.rejection(consumed, rejected, Stage.LLM_CLOUD, PRODUCER, Instant.now());

        assertThat(event.kind()).isEqualTo(EventEnvelope.REJECTED_KIND);
        assertThat(event.stage()).isEqualTo(Stage.LLM_CLOUD);
        assertThat(event.header().tenantId()).isEqualTo("tenant-a");
        assertThat(event.header().documentId()).isEqualTo("doc-1");
        assertThat(event.header().causationId()).isEqualTo(header(record.headers(), KafkaHeaders.EVENT_ID));
        assertThat(event.header().eventId()).isEqualTo(again.header().eventId());
        assertThat(event.detail()).contains("envelope.tampered").contains("document-routed-2@17")
                .doesNotContain("Zebediah");
    }

    @Test
    void recordsSealedBeforeRotationStillOpenAndNewOnesUseTheNewKeyVersion() {
        DocumentRouted before = routed("tenant-a", "doc-1");
        SealedRecord old = envelope.seal(before);
        String newKeyId = keyring.rotateTenantKey("tenant-a");

        SealedRecord fresh = envelope.seal(routed("tenant-a", "doc-1"));
        assertThat(header(fresh.headers(), EventEnvelope.KEY_ID)).isEqualTo(newKeyId)
                .isNotEqualTo(header(old.headers(), EventEnvelope.KEY_ID));
        assertThat(envelope.open(old.value(), old.headers())).isEqualTo(before);
        assertThat(envelope.open(fresh.value(), fresh.headers())).isInstanceOf(DocumentRouted.class);

        // Re-wrapping a retained record's data key moves it to the new version; the record opens with it once its
        // headers carry the re-wrapped key, which is exactly what the associated data authenticates.
        WrappedDataKey rewrapped = keyring.rewrapDataKey("tenant-a", header(old.headers(), EventEnvelope.KEY_ID),
                old.headers().lastHeader(EventEnvelope.WRAPPED_KEY).value());
        assertThat(rewrapped.keyId()).isEqualTo(newKeyId);
        assertThat(keyring.unwrapDataKey("tenant-a", rewrapped.keyId(), rewrapped.wrapped())).hasSize(32);
    }

    @Test
    void afterShreddingRecordsFailClearlyNoNewKeyIsCreatedAndOtherTenantsAreUnaffected() {
        SealedRecord shredded = envelope.seal(routed("tenant-a", "doc-1"));
        SealedRecord survivor = envelope.seal(routed("tenant-b", "doc-2"));

        keyring.destroyTenantKey("tenant-a");

        assertRejected(shredded.value(), shredded.headers(), Reason.KEY_UNAVAILABLE);
        assertThatThrownBy(() -> envelope.seal(routed("tenant-a", "doc-3")))
                .isInstanceOf(KeyUnavailableException.class).hasMessageNotContaining("tenant-a");
        assertRejected(shredded.value(), shredded.headers(), Reason.KEY_UNAVAILABLE);
        assertThat(envelope.open(survivor.value(), survivor.headers())).isInstanceOf(DocumentRouted.class);

        // Another process (a restarted service) sees the tombstone too and does not re-create the key.
        try (LocalKeyring restarted = TestKeyrings.open(dir.resolve("keyring.json"), "test-passphrase")) {
            EventEnvelope other = new EventEnvelope(restarted);
            assertThatThrownBy(() -> other.open(shredded.value(), shredded.headers()))
                    .isInstanceOf(EnvelopeRejectedException.class)
                    .extracting(e -> ((EnvelopeRejectedException) e).reason()).isEqualTo(Reason.KEY_UNAVAILABLE);
            assertThatThrownBy(() -> restarted.newDataKey("tenant-a")).isInstanceOf(KeyUnavailableException.class);
        }
    }

    private void assertRejected(byte[] value, Headers headers, Reason reason) {
        assertThatThrownBy(() -> envelope.open(value, headers))
                .isInstanceOf(EnvelopeRejectedException.class)
                .extracting(e -> ((EnvelopeRejectedException) e).reason()).isEqualTo(reason);
    }

    private static Headers withHeader(Headers original, String name, String value) {
        RecordHeaders copy = new RecordHeaders();
        original.forEach(h -> {
            if (!h.key().equals(name)) {
                copy.add(h.key(), h.value());
            }
        });
        copy.add(name, value.getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
