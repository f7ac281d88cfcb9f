package io.medsieve.llmcloud.messaging;

import io.medsieve.events.Topics;
import io.medsieve.events.TraceParent;
import io.medsieve.llmcloud.domain.OutboxEvent;
import io.medsieve.llmcloud.repository.CloudRepository;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.SealedRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Publishes outbox events in order, keyed by document id with the standard headers and sealed by the
 * {@code EventEnvelope} where the type requires it, and marks each published only
 * after the broker acknowledged it (acks=all). A crash in between republishes the same eventId, which consumers
 * de-duplicate.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final Duration BROKER_ACK = Duration.ofSeconds(30);

    private final CloudRepository repository;
    private final Map<String, MutinyEmitter<byte[]>> emitters;
    private final EventEnvelope envelope;

    public OutboxPublisher(CloudRepository repository, EventEnvelope envelope,
                           @Channel(Topics.ANALYSIS_PROPOSED) MutinyEmitter<byte[]> proposed,
                           @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security,
                           @Channel(Topics.STAGE_FAILURES) MutinyEmitter<byte[]> failures) {
        this.repository = repository;
        this.envelope = envelope;
        this.emitters = Map.of(Topics.ANALYSIS_PROPOSED, proposed, Topics.SECURITY_EVENTS, security,
                Topics.STAGE_FAILURES, failures);
    }

    /** Publishes everything pending; stops at the first broker failure so order is kept, and tries again later. */
    public int publishPending() {
        int published = 0;
        while (true) {
            List<OutboxEvent> batch = repository.unpublished(100);
            if (batch.isEmpty()) {
                return published;
            }
            for (OutboxEvent event : batch) {
                try {
                    send(event);
                } catch (KeyUnavailableException e) {
                    if (e.retryable()) {
                        LOG.warnf("Sealing event %s failed (key service unavailable); it stays in the outbox",
                                event.eventId());
                        return published;
                    }
                    // The tenant was crypto-shredded: the event could never be opened, so it must not block the rest.
                    LOG.warnf("Event %s retired unsent: the tenant key was destroyed", event.eventId());
                } catch (RuntimeException e) {
                    LOG.warnf("Publishing event %s to %s failed (%s); it stays in the outbox", event.eventId(),
                            event.topic(), e.getClass().getSimpleName());
                    return published;
                }
                repository.markPublished(event.eventId(), Instant.now());
                published++;
            }
        }
    }

    private void send(OutboxEvent event) {
        MutinyEmitter<byte[]> emitter = emitters.get(event.topic());
        if (emitter == null) {
            throw new IllegalStateException("no channel for topic " + event.topic());
        }
        // AnalysisProposed is sealed (its output may be model text inline); failure and security events stay clear.
        SealedRecord sealed = envelope.seal(event.payload(), event.eventId(), event.eventType(), event.tenantId(),
                event.key());
        // Published from the work loop: send as a child of the span that received the document.
        emitter.sendMessage(sealed.message()
                        .addMetadata(TracingMetadata.withCurrent(TraceParent.restore(event.traceParent()))))
                .await().atMost(BROKER_ACK);
    }
}
