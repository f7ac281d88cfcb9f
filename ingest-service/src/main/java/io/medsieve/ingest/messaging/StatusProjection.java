package io.medsieve.ingest.messaging;

import io.medsieve.events.EventJson;
import io.medsieve.events.PipelineEvent;
import io.medsieve.ingest.domain.StageTransition;
import io.medsieve.ingest.repository.StageStatusRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the per-stage status of documents up to date from every pipeline topic, so the status API answers from
 * its own table instead of querying other services. A record it cannot read goes to the {@code dlq-ingest} topic
 * (failure-strategy=dead-letter-queue) and the partition keeps flowing.
 */
@ApplicationScoped
public class StatusProjection {

    /** The channel reading all pipeline topics for the projection. */
    public static final String CHANNEL = "pipeline-status";

    private final StageStatusRepository statuses;

    public StatusProjection(StageStatusRepository statuses) {
        this.statuses = statuses;
    }

    @Incoming(CHANNEL)
    public Uni<Void> apply(byte[] record) {
        PipelineEvent event = EventJson.readAny(record);
        return StageTransition.of(event)
                .map(transition -> Panache.withTransaction(() -> statuses.apply(event.header(), transition))
                        .replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
