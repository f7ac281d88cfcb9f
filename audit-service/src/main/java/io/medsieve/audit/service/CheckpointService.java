package io.medsieve.audit.service;

import io.medsieve.audit.config.AuditConfig;
import io.medsieve.audit.domain.Checkpoint;
import io.medsieve.audit.repository.CheckpointRepository;
import io.medsieve.audit.repository.LedgerRepository;
import io.medsieve.audit.verify.EntryData;
import io.medsieve.audit.verify.MerkleTree;
import io.medsieve.audit.verify.SignedTreeHead;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs tree heads every N entries or T seconds, whichever comes first, so no entry stays unsigned for long and
 * an auditor can pin the ledger's state with a consistency proof from any earlier head.
 */
@ApplicationScoped
public class CheckpointService {

    private static final Logger LOG = Logger.getLogger(CheckpointService.class);

    private final LedgerRepository ledger;
    private final CheckpointRepository checkpoints;
    private final SigningKeys signing;
    private final AuditConfig config;
    /** Tree size of the newest head this instance knows about; a hint only, the table is the truth. */
    private final AtomicLong lastSigned = new AtomicLong();
    /** Every entry hash appended so far, as a Merkle tree (about 100 bytes per entry of heap). */
    private final MerkleTree tree = new MerkleTree();

    public CheckpointService(LedgerRepository ledger, CheckpointRepository checkpoints, SigningKeys signing,
                             AuditConfig config) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.signing = signing;
        this.config = config;
    }

    /** Signs a head when {@code treeSize} is N or more entries past the last one. */
    public Uni<Void> checkpointIfDue(long treeSize) {
        if (treeSize - lastSigned.get() < config.checkpoint().everyEntries()) {
            return Uni.createFrom().voidItem();
        }
        return checkpointNow().replaceWithVoid();
    }

    /** The time-based cadence: signs when anything was appended since the last head. */
    @Scheduled(every = "${medsieve.audit.checkpoint.interval}", delayed = "${medsieve.audit.checkpoint.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return checkpointNow().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Checkpoint failed: %s", e.getClass().getName()))
                .onFailure().recoverWithNull();
    }

    /** A signed head over every entry now in the ledger (the newest one if nothing changed), or empty if none. */
    public Uni<Optional<SignedTreeHead>> checkpointNow() {
        return Panache.withTransaction(() -> ledger.size()
                .chain(size -> checkpoints.latest().chain(latest -> {
                    if (latest.isPresent() && latest.get().treeSize == size) {
                        lastSigned.accumulateAndGet(size, Math::max);
                        return Uni.createFrom().item(latest.map(Checkpoint::toTreeHead));
                    }
                    if (size == 0) {
                        return Uni.createFrom().item(Optional.<SignedTreeHead>empty());
                    }
                    return tree(size).chain(merkle -> {
                        String root = HexFormat.of().formatHex(merkle.rootOf(size.intValue()));
                        SignedTreeHead head = signing.sign(size, root, EntryData.truncate(Instant.now()));
                        return checkpoints.insert(head)
                                .chain(() -> checkpoints.findById(size))
                                .invoke(() -> lastSigned.accumulateAndGet(size, Math::max))
                                .map(stored -> Optional.of(stored.toTreeHead()));
                    });
                })));
    }

    /**
     * The shared Merkle tree, extended from the stored entry hashes to at least {@code size} leaves. Callers must
     * ask it for roots and proofs at an explicit tree size: it may already hold more leaves than they asked for.
     */
    public Uni<MerkleTree> tree(long size) {
        if (size > Integer.MAX_VALUE) {
            return Uni.createFrom().failure(new IllegalStateException("ledger too large for an in-memory tree"));
        }
        long have = tree.size();
        if (have >= size) {
            return Uni.createFrom().item(tree);
        }
        return ledger.hashes(have, size).map(hashes -> {
            if (hashes.size() != size - have) {
                throw new IllegalStateException("ledger has gaps below tree size " + size);
            }
            synchronized (tree) {
                // Another request may have extended the tree meanwhile: append only what is still missing.
                for (int i = 0; i < hashes.size(); i++) {
                    if (have + i == tree.size()) {
                        tree.append(HexFormat.of().parseHex(hashes.get(i)));
                    }
                }
            }
            return tree;
        });
    }
}
