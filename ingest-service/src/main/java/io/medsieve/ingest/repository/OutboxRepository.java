package io.medsieve.ingest.repository;

import io.medsieve.ingest.domain.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Events waiting to be published, oldest first. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, UUID> {

    public Uni<List<OutboxEvent>> findUnpublished(int limit) {
        return find("publishedAt is null", Sort.by("createdAt")).page(0, limit).list();
    }

    public Uni<Integer> markPublished(List<UUID> eventIds, Instant publishedAt) {
        return update("publishedAt = ?1 where eventId in ?2", publishedAt, eventIds);
    }
}
