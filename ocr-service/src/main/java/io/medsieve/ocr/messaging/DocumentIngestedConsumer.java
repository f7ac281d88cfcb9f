package io.medsieve.ocr.messaging;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Intake;
import io.medsieve.events.EventJson;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.ocr.domain.ExtractionFailedException;
import io.medsieve.ocr.domain.PageFailure;
import io.medsieve.ocr.service.DocumentExtractor;
import io.medsieve.ocr.service.OcrMetrics;
import io.medsieve.storage.blob.BlobNotFoundException;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.TamperedEnvelopeException;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OCR stage's entry point: opens the sealed {@code DocumentIngested}, decrypts the original, extracts it, stores the
 * extraction by claim-check and emits {@code DocumentExtracted}, or {@code StageFailed} for a document it
 * understands but cannot extract. Either way the input is acknowledged only after the broker acknowledged the
 * output (at least once). Only records that are not a readable {@code DocumentIngested} fail the Uni and so go to
 * {@code dlq-ocr}.
 *
 * <p>Each instance works on {@code mp.messaging.incoming.document-ingested.concurrency} documents at once (default 1):
 * the connector runs that many consumers of the group, each on its own partitions, and each document runs on a
 * dedicated document thread (never the Kafka poll thread) while its pages share the OCR worker pool. More documents
 * at once keep the workers busy between one document's last pages and the next one's first; scale further with
 * partitions and instances.
 */
@ApplicationScoped
public class DocumentIngestedConsumer {

    private static final Logger LOG = Logger.getLogger(DocumentIngestedConsumer.class);

    private final DocumentBlobs blobs;
    private final DocumentExtractor extractor;
    private final OcrMetrics metrics;
    private final StageEvents events;
    private final EventEnvelope envelope;
    private final CrashJournal crashJournal;
    private final Producer producer;
    private final ExecutorService documentThreads;

    public DocumentIngestedConsumer(DocumentBlobs blobs, DocumentExtractor extractor, OcrMetrics metrics,
                                    StageEvents events, EventEnvelope envelope, CrashJournal crashJournal,
                                    @ConfigProperty(name = "quarkus.application.name") String service,
                                    @ConfigProperty(name = "quarkus.application.version") String version,
                                    @ConfigProperty(name = "mp.messaging.incoming.document-ingested.concurrency",
                                            defaultValue = "1") int concurrentDocuments) {
        this.blobs = blobs;
        this.extractor = extractor;
        this.metrics = metrics;
        this.events = events;
        this.envelope = envelope;
        this.crashJournal = crashJournal;
        this.producer = new Producer(service, version);
        AtomicInteger number = new AtomicInteger();
        // Tasks run in the consumer span's context: the events published from the document thread continue the
        // document's trace (the Kafka producer takes its parent from the current context).
        this.documentThreads = Context.taskWrapping(Executors.newFixedThreadPool(Math.max(1, concurrentDocuments),
                runnable -> {
                    Thread thread = new Thread(runnable, "ocr-document-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    @Incoming(Topics.DOCUMENT_INGESTED)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        DocumentIngested ingested;
        try {
            // Throws EventJson.InvalidEventException (a message without input bytes): the record goes to dlq-ocr.
            ingested = envelope.open(record, DocumentIngested.class);
        } catch (EnvelopeRejectedException e) {
            // Tampered, moved to another tenant or shredded: reported, then dead-lettered with the reason.
            return events.rejected(record, e).chain(() -> Uni.createFrom().failure(e));
        }
        return Uni.createFrom().item(() -> process(ingested))
                .runSubscriptionOn(documentThreads)
                .chain(events::publish)
                .invoke(() -> crashJournal.finish(ingested.header().eventId()));
    }

    /** Extracts one document; never throws for a document problem, which becomes a StageFailed event instead. */
    PipelineEvent process(DocumentIngested ingested) {
        EventHeader cause = ingested.header();
        long started = System.nanoTime();
        if (!crashJournal.beginAttempt(cause.eventId())) {
            return failed(cause, new PageFailure("ocr.engine-crashed",
                    "Processing this document stopped the OCR service repeatedly; it is not retried again.", false));
        }
        try {
            byte[] original = blobs.load(cause.tenantId(), cause.documentId(), BlobPurposes.ORIGINAL, ingested.source());
            Extraction extraction;
            try {
                extraction = extractor.extract(original, ingested.source().mediaType());
            } finally {
                Arrays.fill(original, (byte) 0);
            }
            ContentRef stored = store(cause, extraction);
            metrics.documentFinished("extracted");
            LOG.infof("Document %s extracted: %d page(s), mean confidence %.1f, %d low-confidence page(s), %d ms",
                    cause.documentId(), extraction.pages().size(), extraction.meanConfidence(),
                    extraction.lowConfidencePages().size(), (System.nanoTime() - started) / 1_000_000);
            return new DocumentExtracted(
                    EventHeader.causedBy(cause, DocumentExtracted.TYPE, DocumentExtracted.SCHEMA_VERSION, null,
                            producer, Instant.now()),
                    ingested.source(), stored, extraction.pages().stream().map(DocumentIngestedConsumer::summary).toList(),
                    extraction.meanConfidence(), extraction.lowConfidencePages(), extraction.extractorVersion(),
                    Intake.of(ingested));
        } catch (ExtractionFailedException e) {
            return failed(cause, e.failure());
        } catch (BlobNotFoundException e) {
            return failed(cause, new PageFailure("ocr.blob-missing", "The stored original is gone.", false));
        } catch (TamperedEnvelopeException e) {
            return failed(cause, new PageFailure("ocr.blob-tampered",
                    "The stored original failed its integrity check.", false));
        } catch (KeyUnavailableException e) {
            return failed(cause, new PageFailure("ocr.key-unavailable",
                    "The tenant key needed to decrypt the original is unavailable.", false));
        } catch (IllegalArgumentException e) {
            return failed(cause, new PageFailure("ocr.invalid-reference",
                    "The event's content reference does not match its tenant and document.", false));
        } catch (RuntimeException | OutOfMemoryError e) {
            // The class name only: library messages can quote document content.
            LOG.errorf("Document %s: unexpected %s during OCR", cause.documentId(), e.getClass().getName());
            return failed(cause, new PageFailure("ocr.internal-error",
                    "The OCR stage failed unexpectedly; retrying may succeed.", true));
        }
    }

    private ContentRef store(EventHeader cause, Extraction extraction) {
        byte[] json;
        try {
            json = EventJson.mapper().writeValueAsBytes(extraction);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the extraction");
        }
        try {
            return blobs.store(cause.tenantId(), cause.documentId(), BlobPurposes.EXTRACTION, "application/json", json);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    private StageFailed failed(EventHeader cause, PageFailure failure) {
        metrics.documentFinished(failure.reasonCode());
        LOG.warnf("Document %s failed OCR: %s", cause.documentId(), failure.reasonCode());
        return new StageFailed(
                EventHeader.causedBy(cause, StageFailed.TYPE, StageFailed.SCHEMA_VERSION, null, producer,
                        Instant.now()),
                Stage.OCR, failure.reasonCode(), failure.reason(), failure.retryable(), cause.eventId());
    }

    private static DocumentExtracted.PageSummary summary(ExtractedPage page) {
        return new DocumentExtracted.PageSummary(page.page(), page.method(), page.meanConfidence(),
                page.rotationDegrees(), page.words().size());
    }

    @PreDestroy
    void stop() {
        documentThreads.shutdownNow();
    }
}
