package io.medsieve.audit.repository;

import io.medsieve.audit.domain.Checkpoint;
import io.medsieve.audit.verify.SignedTreeHead;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Signed tree heads, append-only. */
@ApplicationScoped
public class CheckpointRepository implements PanacheRepositoryBase<Checkpoint, Long> {

    private static final String INSERT = """
            insert into ledger_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
            values (?1, ?2, ?3, ?4, ?5)
            on conflict (tree_size) do nothing
            """;

    /** The newest signed tree head, if any. */
    public Uni<Optional<Checkpoint>> latest() {
        return find("order by treeSize desc").firstResult().map(Optional::ofNullable);
    }

    /** Every tree head, oldest first, for full verification. */
    public Uni<List<Checkpoint>> all() {
        return list("order by treeSize");
    }

    /** Stores a head unless one for that size exists (two instances racing sign the same root). */
    public Uni<Integer> insert(SignedTreeHead head) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter(1, head.treeSize())
                .setParameter(2, head.rootHash())
                .setParameter(3, head.timestamp().atOffset(ZoneOffset.UTC))
                .setParameter(4, head.keyId())
                .setParameter(5, head.signature())
                .executeUpdate());
    }
}
