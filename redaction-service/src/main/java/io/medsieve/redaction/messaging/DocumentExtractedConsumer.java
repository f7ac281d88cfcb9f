package io.medsieve.redaction.messaging;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.redaction.domain.PlaceholderIssuer;
import io.medsieve.redaction.domain.SealedMapping;
import io.medsieve.redaction.repository.PlaceholderMapRepository;
import io.medsieve.redaction.pdf.PdfRedactionException;
import io.medsieve.redaction.service.DocumentRedactor;
import io.medsieve.redaction.service.RedactedPdfBuilder;
import io.medsieve.redaction.service.PlaceholderMap;
import io.medsieve.redaction.service.RedactionResult;
import io.medsieve.redaction.service.RedactionVersion;
import io.medsieve.storage.blob.BlobNotFoundException;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EnvelopeCipher;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.TamperedEnvelopeException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The redaction stage's entry point: reads {@code DocumentExtracted}, decrypts the extraction, redacts it, stores
 * the redacted text by claim-check, writes the sealed placeholder map, and only then emits {@code DocumentRedacted}
 * (or {@code StageFailed} for a document it cannot redact). The input is acknowledged only after the broker
 * acknowledged the output (at least once); a redelivered input yields the same eventId, the same placeholders and
 * no second set of map rows.
 *
 * <p>Only records that are not a readable {@code DocumentExtracted}, and a map that cannot be written even after
 * retries (database down), fail the Uni and so go to {@code dlq-redaction}, from where they can be replayed.
 *
 * <p>Documents are prepared one at a time per instance on a dedicated thread (never the Kafka poll thread or the
 * event loop); their pages run in parallel on the redaction worker pool. The map is written back on the Vert.x
 * context, as Hibernate Reactive requires.
 */
@ApplicationScoped
public class DocumentExtractedConsumer {

    /** Media type of the stored redacted text. */
    public static final String TEXT_MEDIA_TYPE = "text/plain; charset=utf-8";
    private static final String PDF_MEDIA_TYPE = "application/pdf";
    private static final Logger LOG = Logger.getLogger(DocumentExtractedConsumer.class);

    private final DocumentBlobs blobs;
    private final DocumentRedactor redactor;
    private final RedactedPdfBuilder pdfBuilder;
    private final EnvelopeCipher cipher;
    private final PlaceholderMapRepository map;
    private final StageEvents events;
    private final EventEnvelope envelope;
    private final Producer producer;
    private final String redactionVersion = RedactionVersion.current();
    /** Runs in the consumer span's trace context, so work and logs on it belong to the document's trace. */
    private final ExecutorService documentThread = io.opentelemetry.context.Context.taskWrapping(
            Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "redaction-document");
                thread.setDaemon(true);
                return thread;
            }));

    public DocumentExtractedConsumer(DocumentBlobs blobs, DocumentRedactor redactor, RedactedPdfBuilder pdfBuilder,
                                     EnvelopeCipher cipher,
                                     PlaceholderMapRepository map, StageEvents events, EventEnvelope envelope,
                                     @ConfigProperty(name = "quarkus.application.name") String service,
                                     @ConfigProperty(name = "quarkus.application.version") String version) {
        this.blobs = blobs;
        this.redactor = redactor;
        this.pdfBuilder = pdfBuilder;
        this.cipher = cipher;
        this.map = map;
        this.events = events;
        this.envelope = envelope;
        this.producer = new Producer(service, version);
    }

    @Incoming(Topics.DOCUMENT_EXTRACTED)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        DocumentExtracted extracted;
        try {
            // Throws EventJson.InvalidEventException (a message without input bytes): the record goes to dlq-redaction.
            extracted = envelope.open(record, DocumentExtracted.class);
        } catch (EnvelopeRejectedException e) {
            // Tampered, moved to another tenant or shredded: reported, then dead-lettered with the reason.
            return events.rejected(record, e).chain(() -> Uni.createFrom().failure(e));
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> process(extracted))
                .runSubscriptionOn(documentThread)
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .chain(this::recordMap)
                .chain(events::publish);
    }

    /** What processing produced: the event to emit and, for a redacted document, the map rows to write first. */
    record Outcome(PipelineEvent event, List<SealedMapping> mappings) {
    }

    /** Redacts one document; never throws for a document problem, which becomes a StageFailed event instead. */
    Outcome process(DocumentExtracted extracted) {
        EventHeader cause = extracted.header();
        String tenant = cause.tenantId();
        String document = cause.documentId();
        long started = System.nanoTime();
        try {
            Extraction extraction = loadExtraction(tenant, document, extracted.extraction());
            RedactionResult result = redactor.redact(tenant, extraction);
            byte[] text = result.text().getBytes(StandardCharsets.UTF_8);
            ContentRef stored;
            try {
                stored = blobs.store(tenant, document, BlobPurposes.REDACTED_TEXT, TEXT_MEDIA_TYPE, text);
            } finally {
                Arrays.fill(text, (byte) 0);
            }
            RedactedPdfBuilder.Artifact pdf = redactedPdf(extracted, extraction, result);
            ContentRef storedPdf = pdf == null ? null
                    : blobs.store(tenant, document, BlobPurposes.REDACTED_PDF, PDF_MEDIA_TYPE, pdf.pdf().bytes());
            boolean residual = result.residualPhiDetected() || (pdf != null && pdf.residualPhi());
            List<SealedMapping> sealed = result.placeholders().stream()
                    .map(issued -> seal(tenant, document, issued))
                    .toList();
            DocumentRedacted redacted = new DocumentRedacted(
                    EventHeader.causedBy(cause, DocumentRedacted.TYPE, DocumentRedacted.SCHEMA_VERSION, null,
                            producer, Instant.now()),
                    stored, storedPdf, result.entities(), residual, redactionVersion,
                    extracted.intake(), extracted.meanConfidence(), extracted.lowConfidencePages());
            LOG.infof("Document %s redacted: %d page(s), %d entities, %d placeholder(s), residual PHI %s (text %s, "
                            + "pdf %s), %d ms", document, result.pages().size(), result.entities().size(),
                    sealed.size(), residual, result.residualPhiDetected(), pdf == null ? "none" : pdf.residualPhi(),
                    (System.nanoTime() - started) / 1_000_000);
            return new Outcome(redacted, sealed);
        } catch (UnreadableExtractionException e) {
            return failed(cause, "redaction.extraction-unreadable", "The stored extraction is not valid JSON of the "
                    + "expected format.", false);
        } catch (BlobNotFoundException e) {
            return failed(cause, "redaction.blob-missing", "The stored extraction is gone.", false);
        } catch (TamperedEnvelopeException e) {
            return failed(cause, "redaction.blob-tampered", "The stored extraction failed its integrity check.",
                    false);
        } catch (KeyUnavailableException e) {
            return failed(cause, "redaction.key-unavailable",
                    "The tenant key needed to decrypt the extraction is unavailable.", false);
        } catch (IllegalArgumentException e) {
            return failed(cause, "redaction.invalid-reference",
                    "The event's content reference does not match its tenant and document.", false);
        } catch (RuntimeException | OutOfMemoryError e) {
            // The class name only: library messages can quote document content.
            LOG.errorf("Document %s: unexpected %s during redaction", document, e.getClass().getName());
            return failed(cause, "redaction.internal-error",
                    "The redaction stage failed unexpectedly; retrying may succeed.", true);
        }
    }

    /**
     * The flattened redacted PDF, or null when disabled or when the original is gone, tampered with or cannot be
     * drawn (the reason is logged): the redacted text is still useful without it, and residual PHI in it is judged on
     * the text alone.
     */
    private RedactedPdfBuilder.Artifact redactedPdf(DocumentExtracted extracted, Extraction extraction,
                                                    RedactionResult result) {
        if (!pdfBuilder.enabled()) {
            return null;
        }
        EventHeader cause = extracted.header();
        byte[] original;
        try {
            original = blobs.load(cause.tenantId(), cause.documentId(), BlobPurposes.ORIGINAL, extracted.source());
        } catch (BlobNotFoundException | TamperedEnvelopeException e) {
            LOG.warnf("Document %s: no redacted PDF (the stored original is %s)", cause.documentId(),
                    e instanceof BlobNotFoundException ? "gone" : "failing its integrity check");
            return null;
        }
        try {
            return pdfBuilder.build(original, extracted.source().mediaType(), extraction, result.regions());
        } catch (PdfRedactionException e) {
            LOG.warnf("Document %s: no redacted PDF (%s)", cause.documentId(), e.reasonCode());
            return null;
        } finally {
            Arrays.fill(original, (byte) 0);
        }
    }

    /** Writes the map before anything is emitted, so no placeholder downstream lacks its original. */
    private Uni<PipelineEvent> recordMap(Outcome outcome) {
        if (!(outcome.event() instanceof DocumentRedacted redacted)) {
            return Uni.createFrom().item(outcome.event());
        }
        EventHeader header = redacted.header();
        return Panache.withTransaction(() -> map.record(header.tenantId(), header.documentId(),
                        redacted.redactionVersion(), outcome.mappings(), Instant.now()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onFailure().transform(e -> {
                    LOG.errorf("Document %s: placeholder map write failed (%s)", header.documentId(),
                            e.getClass().getName());
                    return new IllegalStateException("redaction.map-write-failed");
                })
                .replaceWith(outcome.event());
    }

    private Extraction loadExtraction(String tenant, String document, ContentRef ref) {
        byte[] json = blobs.load(tenant, document, BlobPurposes.EXTRACTION, ref);
        try {
            return EventJson.mapper().readValue(json, Extraction.class);
        } catch (IOException e) {
            throw new UnreadableExtractionException();
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    private SealedMapping seal(String tenant, String document, PlaceholderIssuer.Issued issued) {
        byte[] value = issued.original().getBytes(StandardCharsets.UTF_8);
        try {
            return new SealedMapping(issued.placeholder(), issued.type().name(),
                    cipher.seal(value, PlaceholderMap.associatedData(tenant, document)));
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    private Outcome failed(EventHeader cause, String reasonCode, String reason, boolean retryable) {
        LOG.warnf("Document %s failed redaction: %s", cause.documentId(), reasonCode);
        return new Outcome(new StageFailed(
                EventHeader.causedBy(cause, StageFailed.TYPE, StageFailed.SCHEMA_VERSION, null, producer,
                        Instant.now()),
                Stage.REDACTION, reasonCode, reason, retryable, cause.eventId()), List.of());
    }

    /** The extraction blob decrypted but is not an extraction; carries no message (Jackson's could quote it). */
    private static final class UnreadableExtractionException extends RuntimeException {
        UnreadableExtractionException() {
            super(null, null, false, false);
        }
    }

    @PreDestroy
    void stop() {
        documentThread.shutdownNow();
    }
}
