package io.medsieve.llmlocal.messaging;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Route;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.llmlocal.backend.BackendException;
import io.medsieve.llmlocal.config.LocalConfig;
import io.medsieve.llmlocal.backend.ModelInfo;
import io.medsieve.llmlocal.service.AnalysisFailure;
import io.medsieve.llmlocal.service.AnalysisResult;
import io.medsieve.llmlocal.service.Analyzer;
import io.medsieve.llmlocal.service.LocalMetrics;
import io.medsieve.llmlocal.service.LocalModel;
import io.medsieve.llmlocal.service.ProcessedSet;
import io.medsieve.llmlocal.service.ReviewPackets;
import io.medsieve.llmlocal.service.StageEventFactory;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.prompts.PromptTemplate;
import io.medsieve.storage.blob.BlobNotFoundException;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.TamperedEnvelopeException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The stage's entry point: for each LOCAL-routed document, reads the redacted text by claim-check and emits one
 * {@code AnalysisProposed} per requested task, or a {@code StageFailed} (the document goes to human review) for a task
 * that cannot be trusted, a document whose text cannot be read, or when no model is configured. When review packets
 * are switched on ({@code medsieve.llm-local.review-packets.enabled}), a HUMAN_ONLY document gets, per requested task,
 * an {@code AnalysisProposed} with status REVIEW_PACKET pointing at a review packet ({@link ReviewPackets}) and no
 * model is called, configured or not. Other routes (and HUMAN_ONLY with packets off) are acknowledged and ignored.
 *
 * <p>Delivery is at least once and the consumer is idempotent: each task's eventId is derived from the input event,
 * the task and the template release, and a task whose proposal the broker already acknowledged is skipped on
 * redelivery without calling the model again. The input is acknowledged only after every output was acknowledged.
 * Records that are not a readable DocumentRouted fail and go to {@code dlq-llm-local}; the router seals every
 * DocumentRouted, so a record whose envelope does not open (tampered, moved to another tenant, shredded key, sent in
 * clear) is first reported on {@code security-events} and then dead-lettered with its reason, still ciphertext.
 */
@ApplicationScoped
public class DocumentRoutedConsumer {

    private static final Logger LOG = Logger.getLogger(DocumentRoutedConsumer.class);

    /** Blob purpose of a stored review packet. */
    static final String REVIEW_PACKET_PURPOSE = "review-packet";

    private final LocalModel model;
    private final PromptCatalog prompts;
    private final DocumentBlobs blobs;
    private final StageEventFactory events;
    private final StageEvents publisher;
    private final ProcessedSet processed;
    private final LocalMetrics metrics;
    private final EventEnvelope envelope;
    private final ReviewPackets packets;
    private final boolean packetsEnabled;

    public DocumentRoutedConsumer(LocalModel model, PromptCatalog prompts, DocumentBlobs blobs,
                                  StageEventFactory events, StageEvents publisher, ProcessedSet processed,
                                  LocalMetrics metrics, EventEnvelope envelope, ReviewPackets packets,
                                  LocalConfig config) {
        this.model = model;
        this.prompts = prompts;
        this.blobs = blobs;
        this.events = events;
        this.publisher = publisher;
        this.processed = processed;
        this.metrics = metrics;
        this.envelope = envelope;
        this.packets = packets;
        this.packetsEnabled = config.reviewPackets().enabled();
    }

    @Incoming(Topics.DOCUMENT_ROUTED)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        DocumentRouted routed;
        try {
            // Throws EventJson.InvalidEventException (a message without input bytes): the record goes to the DLQ.
            routed = envelope.open(record, DocumentRouted.class);
        } catch (EnvelopeRejectedException e) {
            // Reported first, then thrown: the dead-letter-queue strategy moves the record with the reason header.
            publisher.rejected(record, e);
            throw e;
        }
        if (routed.route() == Route.HUMAN_ONLY && packetsEnabled) {
            prepareReviewPacket(routed);
            return;
        }
        if (routed.route() != Route.LOCAL) {
            return;
        }
        EventHeader cause = routed.header();
        if (routed.intake().requestedTasks().isEmpty()) {
            LOG.infof("Document %s routed LOCAL without requested tasks; nothing to analyse", cause.documentId());
            return;
        }
        if (model.analyzer().isEmpty()) {
            failDocument(cause, "llm-local.no-model",
                    "No local model is configured (or it failed to load); the document needs human review.", false);
            return;
        }
        List<String> pages;
        try {
            pages = readPages(routed);
        } catch (AnalysisFailure e) {
            failDocument(cause, e.code(), e.getMessage(), e.retryable());
            return;
        }
        for (AnalysisTask task : routed.intake().requestedTasks()) {
            runTask(routed, task, pages);
        }
    }

    private void runTask(DocumentRouted routed, AnalysisTask task, List<String> pages) {
        EventHeader cause = routed.header();
        PromptTemplate template = prompts.template(task);
        String discriminator = StageEventFactory.discriminator(task, template);
        EventHeader header = events.proposedHeader(cause, discriminator, Instant.now());
        if (processed.contains(header.eventId())) {
            LOG.infof("Document %s task %s already proposed (event %s); redelivery skipped", cause.documentId(),
                    task, header.eventId());
            return;
        }
        Analyzer analyzer = model.analyzer().orElseThrow();
        ModelInfo info = model.backend().orElseThrow().info();
        AnalysisResult result;
        try {
            result = analyzer.analyse(task, pages);
        } catch (AnalysisFailure e) {
            failTask(cause, task, discriminator, e.code(), e.getMessage(), e.retryable());
            return;
        } catch (BackendException e) {
            failTask(cause, task, discriminator, e.code(), e.getMessage() + " The task needs human review or a retry.",
                    e.retryable());
            return;
        } catch (RuntimeException e) {
            // The class name only: library messages can quote document content.
            LOG.errorf("Document %s task %s: unexpected %s", cause.documentId(), task, e.getClass().getName());
            failTask(cause, task, discriminator, "llm-local.internal-error",
                    "The local analysis failed unexpectedly; retrying may succeed.", true);
            return;
        }
        ContentRef output = blobs.store(cause.tenantId(), cause.documentId(),
                "analysis-output." + task.name().toLowerCase(Locale.ROOT), result.mediaType(), result.output());
        Arrays.fill(result.output(), (byte) 0);
        AnalysisProposed proposed = new AnalysisProposed(header, task, output, Route.LOCAL, info.provider(),
                info.modelId(), result.modelVersion(), result.promptTemplateId(), result.promptTemplateVersion(),
                result.inputDigest(), result.latencyMillis(), result.inputTokens(), result.outputTokens(),
                AnalysisProposed.Status.PROPOSED, null);
        publisher.publish(proposed);
        processed.add(header.eventId());
        metrics.taskFinished(task.name(), "proposed");
        if (task != AnalysisTask.SUMMARY) {
            metrics.citations(task.name(), result.citationsChecked(), result.citationsFailed());
        }
        LOG.infof("Document %s task %s proposed by %s: %d call(s), %d ms, %d citation(s) of %d failed the guard",
                cause.documentId(), task, info.modelId(), result.modelCalls(), result.latencyMillis(),
                result.citationsFailed(), result.citationsChecked());
    }

    /**
     * One REVIEW_PACKET event per requested task, all pointing at one stored packet; never a model call. The events'
     * ids are derived from the input and the task, so a redelivery finds them in the processed-set and emits nothing.
     */
    private void prepareReviewPacket(DocumentRouted routed) {
        EventHeader cause = routed.header();
        List<AnalysisTask> tasks = ReviewPackets.tasksInOrder(routed);
        if (tasks.isEmpty()) {
            LOG.infof("Document %s routed HUMAN_ONLY without requested tasks; no review packet", cause.documentId());
            return;
        }
        Instant now = Instant.now();
        boolean allPublished = tasks.stream().allMatch(task -> processed.contains(
                events.proposedHeader(cause, StageEventFactory.reviewPacketDiscriminator(task), now).eventId()));
        if (allPublished) {
            LOG.infof("Document %s review packet already published; redelivery skipped", cause.documentId());
            return;
        }
        byte[] text = null;
        byte[] packet;
        try {
            if (routed.payload() != null) {
                text = readText(routed);
            }
            packet = packets.prepare(routed, text);
        } catch (AnalysisFailure e) {
            failDocument(cause, e.code(), e.getMessage(), e.retryable());
            return;
        } finally {
            if (text != null) {
                Arrays.fill(text, (byte) 0);
            }
        }
        ContentRef output = blobs.store(cause.tenantId(), cause.documentId(), REVIEW_PACKET_PURPOSE,
                ReviewPackets.MEDIA_TYPE, packet);
        for (int i = 0; i < tasks.size(); i++) {
            EventHeader header = events.proposedHeader(cause,
                    StageEventFactory.reviewPacketDiscriminator(tasks.get(i)), now);
            if (processed.contains(header.eventId())) {
                continue;
            }
            publisher.publish(new AnalysisProposed(header, tasks.get(i), output, Route.HUMAN_ONLY, null, null, null,
                    null, null, null, 0, 0, 0, AnalysisProposed.Status.REVIEW_PACKET, null));
            processed.add(header.eventId());
            metrics.taskFinished(tasks.get(i).name(), "review-packet");
        }
        LOG.infof("Document %s: review packet for %d task(s) prepared without a model call", cause.documentId(),
                tasks.size());
    }

    /** The redacted text, one string per page; the router vouched for it by claim-check. */
    private List<String> readPages(DocumentRouted routed) {
        if (routed.payload() == null) {
            throw new AnalysisFailure("llm-local.no-text", "The routed document carries no redacted text.", false);
        }
        byte[] text = readText(routed);
        try {
            return List.of(new String(text, StandardCharsets.UTF_8).split("\f", -1));
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /** The stored redacted text, exactly as the router referenced it; the caller zeroes it after use. */
    private byte[] readText(DocumentRouted routed) {
        EventHeader cause = routed.header();
        ContentRef payload = routed.payload();
        try {
            return blobs.load(cause.tenantId(), cause.documentId(), BlobPurposes.REDACTED_TEXT, payload);
        } catch (BlobNotFoundException e) {
            throw new AnalysisFailure("llm-local.blob-missing", "The stored redacted text is gone.", false);
        } catch (TamperedEnvelopeException e) {
            throw new AnalysisFailure("llm-local.blob-tampered", "The stored redacted text failed its integrity check.",
                    false);
        } catch (KeyUnavailableException e) {
            throw new AnalysisFailure("llm-local.key-unavailable",
                    "The tenant key needed to decrypt the redacted text is unavailable.", true);
        } catch (IllegalArgumentException e) {
            throw new AnalysisFailure("llm-local.invalid-reference",
                    "The event's content reference does not match its tenant, document and purpose.", false);
        }
    }

    private void failDocument(EventHeader cause, String code, String reason, boolean retryable) {
        StageFailed failed = events.failed(cause, null, code, reason, retryable, Instant.now());
        if (processed.contains(failed.header().eventId())) {
            return;
        }
        publisher.publish(failed);
        if (!retryable) {
            processed.add(failed.header().eventId());
        }
        metrics.taskFinished("ALL", code);
        LOG.warnf("Document %s goes to human review: %s", cause.documentId(), code);
    }

    private void failTask(EventHeader cause, AnalysisTask task, String discriminator, String code, String reason,
                          boolean retryable) {
        publisher.publish(events.failed(cause, discriminator, code, reason, retryable, Instant.now()));
        metrics.taskFinished(task.name(), code);
        LOG.warnf("Document %s task %s failed: %s", cause.documentId(), task, code);
    }
}
