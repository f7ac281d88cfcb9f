package io.medsieve.router.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Tenant policies, append-only (the table refuses updates and deletes): a new upload is the next version and the
 * highest version is the active one.
 */
@ApplicationScoped
public class PolicyRepository {

    private static final String APPEND = """
            insert into routing_policy (tenant_id, version, policy_id, document)
            select $1, coalesce(max(version), 0) + 1, $2, $3 from routing_policy where tenant_id = $1
            returning tenant_id, version, policy_id, document, created_at
            """;
    private static final String LATEST = """
            select tenant_id, version, policy_id, document, created_at from routing_policy
            where tenant_id = $1 order by version desc limit 1
            """;
    private static final String HISTORY = """
            select tenant_id, version, policy_id, document, created_at from routing_policy
            where tenant_id = $1 order by version
            """;

    private final Pool pool;

    public PolicyRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores a new version. Two uploads racing for the same number make one fail on the primary key; the caller
     * reports that as a conflict to retry.
     */
    public Uni<StoredPolicy> append(String tenantId, String policyId, String document) {
        return pool.preparedQuery(APPEND).execute(Tuple.of(tenantId, policyId, document))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Optional<StoredPolicy>> latest(String tenantId) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** Every version, oldest first. */
    public Uni<List<StoredPolicy>> history(String tenantId) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<StoredPolicy> list = new java.util.ArrayList<>();
                    rows.forEach(row -> list.add(map(row)));
                    return List.copyOf(list);
                });
    }

    private static StoredPolicy map(Row row) {
        return new StoredPolicy(row.getString("tenant_id"), row.getInteger("version"), row.getString("policy_id"),
                row.getString("document"), row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC)
                .toInstant());
    }
}
