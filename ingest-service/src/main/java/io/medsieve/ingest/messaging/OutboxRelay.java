package io.medsieve.ingest.messaging;

import io.medsieve.events.Topics;
import io.medsieve.events.TraceParent;
import io.medsieve.ingest.config.IngestConfig;
import io.medsieve.ingest.domain.OutboxEvent;
import io.medsieve.ingest.repository.OutboxRepository;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.SealedRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed outbox events to Kafka and marks them published once the broker acknowledged them
 * (acks=all). An upload triggers a round at once; a poll catches whatever a failed round or a crash left behind.
 * A crash between the acknowledgement and the mark publishes an event twice, which consumers absorb by eventId.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final MutinyEmitter<byte[]> emitter;
    private final EventEnvelope envelope;
    private final Vertx vertx;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean rerun = new AtomicBoolean();

    public OutboxRelay(OutboxRepository outbox, @Channel(Topics.DOCUMENT_INGESTED) MutinyEmitter<byte[]> emitter,
                       EventEnvelope envelope, Vertx vertx, IngestConfig config) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.envelope = envelope;
        this.vertx = vertx;
        this.batchSize = config.outboxBatchSize();
    }

    /** Asks for a publishing round now; cheap and safe to call from any thread. */
    public void requestPublish() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true); // an isolated context, as Hibernate Reactive requires
        context.runOnContext(ignored -> publishPending().subscribe().with(
                published -> { },
                failure -> LOG.warnf("Outbox round failed (%s); the poll retries", failure.getClass().getSimpleName())));
    }

    @Scheduled(every = "${medsieve.ingest.outbox-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return publishPending().replaceWithVoid();
    }

    /** Publishes until the outbox is empty or the broker fails; returns how many events went out. */
    public Uni<Integer> publishPending() {
        if (!running.compareAndSet(false, true)) {
            rerun.set(true);
            return Uni.createFrom().item(0);
        }
        // Deferred, so that even a failure thrown while assembling the pipeline releases the flag.
        return Uni.createFrom().deferred(() -> drain(0)).eventually(() -> running.set(false));
    }

    private Uni<Integer> drain(int publishedSoFar) {
        rerun.set(false);
        return publishBatch().chain(published -> {
            int total = publishedSoFar + published;
            boolean more = published == batchSize || (published > 0 && rerun.get());
            return more ? drain(total) : Uni.createFrom().item(total);
        });
    }

    private Uni<Integer> publishBatch() {
        Context context = Vertx.currentContext().getDelegate();
        List<UUID> sent = new ArrayList<>();
        return Panache.withSession(() -> outbox.findUnpublished(batchSize))
                .chain(events -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> send(event)
                                .invoke(() -> sent.add(event.eventId)))
                        .collect().last()
                        .onFailure().invoke(failure -> LOG.warnf(
                                "Kafka refused an outbox event (%s); %d sent this round, the rest waits",
                                failure.getClass().getSimpleName(), sent.size()))
                        .onFailure().recoverWithNull())
                // Kafka acknowledges on its own threads; the session must be used on the Vert.x context.
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .chain(() -> sent.isEmpty() ? Uni.createFrom().item(0)
                        : Panache.withTransaction(() -> outbox.markPublished(List.copyOf(sent), Instant.now()))
                        .replaceWith(sent.size()));
    }

    /**
     * Seals the stored event (DocumentIngested is sealed: see EventEnvelope) and sends it. An event whose tenant was
     * crypto-shredded after the upload can never be opened downstream: it is retired unsent instead of blocking every
     * later event of the outbox.
     */
    private Uni<Void> send(OutboxEvent event) {
        SealedRecord sealed;
        try {
            sealed = envelope.seal(event.payload, event.eventId.toString(), event.eventType, event.tenantId,
                    event.messageKey);
        } catch (KeyUnavailableException e) {
            if (e.retryable()) {
                return Uni.createFrom().failure(e);
            }
            LOG.warnf("Outbox event %s retired unsent: the tenant key was destroyed", event.eventId);
            return Uni.createFrom().voidItem();
        }
        return emitter.sendMessage(Message.of(sealed.value())
                .addMetadata(sealed.metadataBuilder().withTopic(event.topic).build())
                // The relay runs outside the upload's request: send as a child of the upload's span.
                .addMetadata(TracingMetadata.withCurrent(TraceParent.restore(event.traceParent))));
    }
}
