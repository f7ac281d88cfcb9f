package io.medsieve.llmcloud.messaging;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.guard.ShiftedDate;
import io.medsieve.llmcloud.repository.CloudRepository;
import io.medsieve.llmcloud.service.StageEventFactory;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.List;

/**
 * Remembers which spans of a redacted text the redaction stage declared as shifted dates (tenants with date shifting
 * keep real-looking dates in the redacted text), so the egress guard can let exactly those through and still block
 * any other date. Only offsets and the text's digest are kept. Records that are not a readable DocumentRedacted go
 * to {@code dlq-llm-cloud}; sealed records that do not open are reported as a SecurityEvent first.
 */
@ApplicationScoped
public class DocumentRedactedConsumer {

    private final CloudRepository repository;
    private final StageEventFactory events;
    private final EventEnvelope envelope;

    public DocumentRedactedConsumer(CloudRepository repository, StageEventFactory events, EventEnvelope envelope) {
        this.repository = repository;
        this.events = events;
        this.envelope = envelope;
    }

    @Incoming(Topics.DOCUMENT_REDACTED)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        DocumentRedacted redacted;
        try {
            // Throws EventJson.InvalidEventException: the record goes to the DLQ.
            redacted = envelope.open(record, DocumentRedacted.class);
        } catch (EnvelopeRejectedException e) {
            Instant now = Instant.now();
            repository.enqueue(List.of(events.rejected(record, e, now)), now);
            throw e;
        }
        List<ShiftedDate> dates = redacted.entities().stream()
                .filter(DocumentRedacted.RedactedEntity::shiftedDate)
                .map(e -> new ShiftedDate(e.page(), e.start(), e.end()))
                .toList();
        if (dates.isEmpty() || redacted.redactedText().sha256() == null) {
            return;
        }
        repository.recordShiftedDates(redacted.header().tenantId(), redacted.header().documentId(),
                redacted.redactedText().sha256(), dates, Instant.now());
    }
}
