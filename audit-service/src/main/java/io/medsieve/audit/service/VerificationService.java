package io.medsieve.audit.service;

import io.medsieve.audit.domain.Checkpoint;
import io.medsieve.audit.domain.LedgerEntry;
import io.medsieve.audit.repository.CheckpointRepository;
import io.medsieve.audit.repository.LedgerRepository;
import io.medsieve.audit.verify.ChainVerifier;
import io.medsieve.audit.verify.VerificationReport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Server-side full verification with the same {@link ChainVerifier} the offline verifier uses: recomputes every
 * entry hash and link, then every signed tree head's root and signature. Reads the ledger in keyset pages so a
 * deleted row shows as a gap instead of silently shortening a page.
 */
@ApplicationScoped
public class VerificationService {

    private static final int PAGE = 5_000;

    private final LedgerRepository ledger;
    private final CheckpointRepository checkpoints;
    private final SigningKeys signing;

    public VerificationService(LedgerRepository ledger, CheckpointRepository checkpoints, SigningKeys signing) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.signing = signing;
    }

    /** Verifies the whole ledger and names the first broken entry. */
    public Uni<VerificationReport> verifyAll() {
        ChainVerifier verifier = new ChainVerifier();
        return Panache.withTransaction(() -> page(verifier, 0)
                .chain(() -> checkpoints.all())
                .map(heads -> {
                    verifier.checkTreeHeads(heads.stream().map(Checkpoint::toTreeHead).toList(), signing.publicKey());
                    return verifier.report();
                }));
    }

    private Uni<Void> page(ChainVerifier verifier, long from) {
        return ledger.find("sequence >= ?1 order by sequence", from).range(0, PAGE - 1).list()
                .chain(entries -> {
                    for (LedgerEntry entry : entries) {
                        if (!verifier.accept(entry.toData())) {
                            return Uni.createFrom().voidItem();
                        }
                    }
                    if (entries.size() < PAGE) {
                        return Uni.createFrom().voidItem();
                    }
                    // A fresh session per page would be kinder to memory; clearing the first-level cache does it.
                    return Panache.getSession().invoke(session -> session.clear())
                            .chain(() -> page(verifier, lastSequence(entries) + 1));
                });
    }

    private static long lastSequence(List<LedgerEntry> entries) {
        return entries.getLast().sequence;
    }
}
