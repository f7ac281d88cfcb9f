package io.medsieve.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventHeaderTest {

    private static final Producer INGEST = new Producer("ingest-service", "1");
    private static final Producer OCR = new Producer("ocr-service", "1");

    @Test
    void firstEventStartsACorrelation() {
        EventHeader first = EventHeader.first(DocumentIngested.TYPE, 1, "tenant-a", "doc-1", null, INGEST, Instant.now());
        assertThat(first.correlationId()).isEqualTo("doc-1");
        assertThat(first.causationId()).isNull();
    }

    @Test
    void reprocessingTheSameInputYieldsTheSameEventId() {
        EventHeader cause = EventHeader.first(DocumentIngested.TYPE, 1, "tenant-a", "doc-1", null, INGEST, Instant.now());
        EventHeader once = EventHeader.causedBy(cause, DocumentExtracted.TYPE, 1, null, OCR, Instant.now());
        EventHeader again = EventHeader.causedBy(cause, DocumentExtracted.TYPE, 1, null, OCR, Instant.now().plusSeconds(5));

        assertThat(again.eventId()).isEqualTo(once.eventId());
        assertThat(once.causationId()).isEqualTo(cause.eventId());
        assertThat(once.correlationId()).isEqualTo(cause.correlationId());
        assertThat(once.tenantId()).isEqualTo("tenant-a");
    }

    @Test
    void differentTypesOrDiscriminatorsGetDifferentIds() {
        EventHeader cause = EventHeader.first(DocumentIngested.TYPE, 1, "tenant-a", "doc-1", null, INGEST, Instant.now());
        String extracted = EventHeader.causedBy(cause, DocumentExtracted.TYPE, 1, null, OCR, Instant.now()).eventId();
        String failed = EventHeader.causedBy(cause, StageFailed.TYPE, 1, null, OCR, Instant.now()).eventId();
        String summary = EventHeader.causedBy(cause, AnalysisProposed.TYPE, "SUMMARY", 1, null, OCR, Instant.now()).eventId();
        String coding = EventHeader.causedBy(cause, AnalysisProposed.TYPE, "CODING", 1, null, OCR, Instant.now()).eventId();

        assertThat(java.util.Set.of(extracted, failed, summary, coding)).hasSize(4);
    }
}
