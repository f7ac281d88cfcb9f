package io.medsieve.audit.service;

import io.medsieve.audit.domain.Checkpoint;
import io.medsieve.audit.domain.LedgerEntry;
import io.medsieve.audit.repository.CheckpointRepository;
import io.medsieve.audit.repository.LedgerRepository;
import io.medsieve.audit.verify.MerkleTree;
import io.medsieve.audit.verify.SignedTreeHead;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Inclusion and consistency proofs straight from the stored entry hashes. Proofs reveal only hashes of other
 * entries, never their fields, so a tenant's proof does not expose another tenant's events.
 */
@ApplicationScoped
public class ProofService {

    private final LedgerRepository ledger;
    private final CheckpointRepository checkpoints;
    private final CheckpointService checkpointing;

    public ProofService(LedgerRepository ledger, CheckpointRepository checkpoints, CheckpointService checkpointing) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.checkpointing = checkpointing;
    }

    /**
     * Inclusion proof for one of the tenant's entries, against {@code treeSize} or, when null, against a freshly
     * signed head covering the whole ledger.
     */
    public Uni<InclusionProof> inclusion(String tenantId, long sequence, Long treeSize) {
        Uni<Long> size = treeSize != null ? Uni.createFrom().item(treeSize)
                : checkpointing.checkpointNow().map(head -> head.map(SignedTreeHead::treeSize).orElse(0L));
        return size.chain(n -> Panache.withTransaction(() -> ledger.findForTenant(sequence, tenantId)
                .chain(found -> {
                    LedgerEntry entry = found.orElseThrow(() -> new LedgerNotFoundException());
                    return ledger.size().chain(current -> {
                        if (n <= sequence || n > current) {
                            throw new LedgerNotFoundException();
                        }
                        return checkpointing.tree(n).chain(tree -> checkpoints.findById(n)
                                .map(head -> proof(entry, tree, n, head)));
                    });
                })));
    }

    /** Consistency proof between two existing tree sizes. */
    public Uni<ConsistencyProof> consistency(long first, long second) {
        return Panache.withTransaction(() -> ledger.size().chain(current -> {
            if (first < 1 || first > second || second > current) {
                throw new LedgerNotFoundException();
            }
            return checkpointing.tree(second).map(tree -> new ConsistencyProof(first, second,
                    hex(tree.rootOf((int) first)), hex(tree.rootOf((int) second)),
                    tree.consistencyProof((int) first, (int) second).stream().map(ProofService::hex).toList()));
        }));
    }

    static InclusionProof proof(LedgerEntry entry, MerkleTree tree, long treeSize, Checkpoint head) {
        byte[] leaf = MerkleTree.leafHash(HexFormat.of().parseHex(entry.entryHash));
        List<String> path = tree.inclusionProof((int) entry.sequence, (int) treeSize).stream()
                .map(ProofService::hex).toList();
        return new InclusionProof(entry.sequence, treeSize, entry.entryHash, hex(leaf), path,
                hex(tree.rootOf((int) treeSize)), Optional.ofNullable(head).map(Checkpoint::toTreeHead).orElse(null));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
