package io.medsieve.ingest.repository;

import io.medsieve.events.EventHeader;
import io.medsieve.ingest.domain.StageStatus;
import io.medsieve.ingest.domain.StageTransition;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The per-stage status projection. */
@ApplicationScoped
public class StageStatusRepository implements PanacheRepositoryBase<StageStatus, StageStatus.Key> {

    /*
     * One atomic upsert: an event older than what is stored (redelivery, cross-topic reordering) changes nothing,
     * and an event naming another tenant cannot take over a document's row.
     */
    private static final String UPSERT = """
            insert into document_stage_status (document_id, stage, tenant_id, state, detail, event_id, occurred_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            on conflict (document_id, stage) do update
               set state = excluded.state, detail = excluded.detail,
                   event_id = excluded.event_id, occurred_at = excluded.occurred_at
             where document_stage_status.tenant_id = excluded.tenant_id
               and document_stage_status.occurred_at <= excluded.occurred_at
            """;

    /** Records a transition unless a newer one is already stored. */
    public Uni<Integer> apply(EventHeader header, StageTransition transition) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, UUID.fromString(header.documentId()))
                .setParameter(2, transition.stage().name())
                .setParameter(3, header.tenantId())
                .setParameter(4, transition.state().name())
                .setParameter(5, transition.detail())
                .setParameter(6, UUID.fromString(header.eventId()))
                .setParameter(7, header.occurredAt().atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }

    public Uni<List<StageStatus>> listFor(UUID documentId, String tenantId) {
        return list("key.documentId = ?1 and tenantId = ?2", documentId, tenantId);
    }
}
