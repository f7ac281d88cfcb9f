package io.medsieve.audit.repository;

import io.medsieve.audit.domain.LedgerEntry;
import io.medsieve.audit.verify.EntryData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Ledger rows. Appends are serialised across every instance by a transaction-scoped advisory lock, so the chain
 * has exactly one head; the lock is released by commit or rollback, never leaked.
 */
@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, Long> {

    /** Advisory lock key of the chain head ("medsieve-audit" folded into a long). */
    private static final long CHAIN_LOCK = 0x6d65_6473_6175_6469L;

    private static final String INSERT = """
            insert into ledger_entry (sequence, event_id, tenant_id, document_id, entry_type, source_topic,
                                      occurred_at, recorded_at, body_digest, projection, previous_hash, entry_hash)
            values %s
            on conflict (event_id) do nothing
            """;
    private static final int COLUMNS = 12;
    /** Rows per INSERT statement: far below PostgreSQL's 65,535 bind parameters. */
    private static final int ROWS_PER_STATEMENT = 1000;

    /** Takes the chain-head lock until the current transaction ends. */
    public Uni<Void> lockHead() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(?1) as text)")
                .setParameter(1, CHAIN_LOCK)
                .getSingleResult()).replaceWithVoid();
    }

    /** The newest entry, or empty for an empty ledger. */
    public Uni<Optional<LedgerEntry>> head() {
        return find("order by sequence desc").firstResult().map(Optional::ofNullable);
    }

    /** Which of these event ids the ledger already holds. */
    public Uni<List<String>> existingEventIds(List<String> eventIds) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select e.eventId from LedgerEntry e where e.eventId in (:ids)", String.class)
                .setParameter("ids", eventIds)
                .getResultList());
    }

    /**
     * Inserts fully hashed entries with multi-row INSERTs (one round trip per {@value #ROWS_PER_STATEMENT} rows);
     * emits the number of rows inserted, fewer when an event id was already there.
     */
    public Uni<Integer> insertAll(List<EntryData> entries) {
        Uni<Integer> inserted = Uni.createFrom().item(0);
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            List<EntryData> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
            inserted = inserted.chain(sum -> insertChunk(chunk).map(rows -> sum + rows));
        }
        return inserted;
    }

    private Uni<Integer> insertChunk(List<EntryData> chunk) {
        StringBuilder values = new StringBuilder();
        for (int row = 0; row < chunk.size(); row++) {
            values.append(row == 0 ? "(" : ", (");
            for (int column = 1; column <= COLUMNS; column++) {
                values.append(column == 1 ? "?" : ", ?").append(row * COLUMNS + column);
            }
            values.append(')');
        }
        String sql = INSERT.formatted(values);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            int p = 1;
            for (EntryData entry : chunk) {
                query.setParameter(p++, entry.sequence());
                query.setParameter(p++, entry.eventId());
                query.setParameter(p++, entry.tenantId());
                query.setParameter(p++, entry.documentId());
                query.setParameter(p++, entry.entryType());
                query.setParameter(p++, entry.sourceTopic());
                query.setParameter(p++, entry.occurredAt().atOffset(ZoneOffset.UTC));
                query.setParameter(p++, entry.recordedAt().atOffset(ZoneOffset.UTC));
                query.setParameter(p++, entry.bodyDigest());
                query.setParameter(p++, entry.projection());
                query.setParameter(p++, entry.previousHash());
                query.setParameter(p++, entry.entryHash());
            }
            return query.executeUpdate();
        });
    }

    /** Number of entries, i.e. the current tree size (sequences are dense from 0). */
    public Uni<Long> size() {
        return head().map(head -> head.map(entry -> entry.sequence + 1).orElse(0L));
    }

    /** Entry hashes of [from, to) in order, without loading whole rows. */
    public Uni<List<String>> hashes(long from, long to) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select e.entryHash from LedgerEntry e where e.sequence >= ?1 and e.sequence < ?2"
                        + " order by e.sequence", String.class)
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList());
    }

    /** One tenant's view: its entries about one document. */
    public Uni<List<LedgerEntry>> forDocument(String tenantId, String documentId, int limit) {
        return find("tenantId = ?1 and documentId = ?2 order by sequence", tenantId, documentId)
                .range(0, limit - 1).list();
    }

    /** One tenant's view: its entries that occurred in [from, to). */
    public Uni<List<LedgerEntry>> forRange(String tenantId, Instant from, Instant to, int limit) {
        return find("tenantId = ?1 and occurredAt >= ?2 and occurredAt < ?3 order by sequence", tenantId, from, to)
                .range(0, limit - 1).list();
    }

    /** One entry if it belongs to the tenant. */
    public Uni<Optional<LedgerEntry>> findForTenant(long sequence, String tenantId) {
        return find("sequence = ?1 and tenantId = ?2", sequence, tenantId).firstResult().map(Optional::ofNullable);
    }
}
