package io.medsieve.ingest.messaging;

import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.ingest.domain.StageTransition;
import io.medsieve.ingest.repository.StageStatusRepository;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Keeps the per-stage status of documents up to date from every pipeline topic, so the status API answers from
 * its own table instead of querying other services. It opens sealed events because the status shows what they
 * decided (route, task, review decision). A record it cannot read goes to the {@code dlq-ingest} topic
 * (failure-strategy=dead-letter-queue) and the partition keeps flowing; one whose envelope does not open (tampered,
 * moved to another tenant, tenant shredded) is first reported on {@code security-events}.
 */
@ApplicationScoped
public class StatusProjection {

    /** The channel reading all pipeline topics for the projection. */
    public static final String CHANNEL = "pipeline-status";

    private final StageStatusRepository statuses;
    private final EventEnvelope envelope;
    private final MutinyEmitter<byte[]> security;
    private final Producer producer;

    public StatusProjection(StageStatusRepository statuses, EventEnvelope envelope,
                            @Channel(Topics.SECURITY_EVENTS) MutinyEmitter<byte[]> security,
                            @ConfigProperty(name = "quarkus.application.name") String service,
                            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.statuses = statuses;
        this.envelope = envelope;
        this.security = security;
        this.producer = new Producer(service, version);
    }

    @Incoming(CHANNEL)
    public Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        PipelineEvent event;
        try {
            event = envelope.open(record);
        } catch (EnvelopeRejectedException e) {
            return security.sendMessage(envelope.seal(EventEnvelope.rejection(record, e, Stage.INGEST, producer,
                    Instant.now())).message()).chain(() -> Uni.createFrom().failure(e));
        }
        return StageTransition.of(event)
                .map(transition -> Panache.withTransaction(() -> statuses.apply(event.header(), transition))
                        .replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
