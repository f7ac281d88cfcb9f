package io.medsieve.audit.service;

import io.medsieve.audit.domain.EntryCandidate;
import io.medsieve.audit.domain.LedgerEntry;
import io.medsieve.audit.repository.LedgerRepository;
import io.medsieve.audit.verify.EntryData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Appends entries to the one global hash chain. Each append (one entry, or a consumer poll's batch) is one
 * transaction that takes the chain-head lock, reads the head, hashes the new entries onto it and inserts them, so
 * concurrent appenders (the consumer, the erasure API, a second instance) can never fork the chain.
 */
@ApplicationScoped
public class LedgerService {

    private final LedgerRepository ledger;
    private final CheckpointService checkpoints;

    public LedgerService(LedgerRepository ledger, CheckpointService checkpoints) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
    }

    /**
     * Appends the candidate unless its eventId is already in the ledger (delivery is at least once), then signs a
     * checkpoint if one is due. Emits the appended entry, or empty for a duplicate.
     */
    public Uni<Optional<EntryData>> append(EntryCandidate candidate) {
        return appendAll(List.of(candidate)).map(appended -> appended.stream().findFirst());
    }

    /**
     * Appends a batch in order in one transaction, skipping event ids already in the ledger or earlier in the
     * batch, then signs a checkpoint if one is due. Emits the entries appended.
     */
    public Uni<List<EntryData>> appendAll(List<EntryCandidate> candidates) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = candidates.stream().map(EntryCandidate::eventId).distinct().toList();
        return Panache.withTransaction(() -> ledger.lockHead()
                        .chain(() -> ledger.existingEventIds(ids))
                        .chain(existing -> ledger.head().chain(head -> appendAfter(head, existing, candidates))))
                .call(appended -> appended.isEmpty() ? Uni.createFrom().voidItem()
                        : checkpoints.checkpointIfDue(appended.getLast().sequence() + 1));
    }

    private Uni<List<EntryData>> appendAfter(Optional<LedgerEntry> head, List<String> existing,
                                             List<EntryCandidate> candidates) {
        long sequence = head.map(entry -> entry.sequence + 1).orElse(0L);
        String previous = head.map(entry -> entry.entryHash).orElse(EntryData.GENESIS);
        Instant recordedAt = EntryData.truncate(Instant.now());
        Set<String> seen = new HashSet<>(existing);
        List<EntryData> entries = new ArrayList<>();
        for (EntryCandidate candidate : candidates) {
            if (!seen.add(candidate.eventId())) {
                continue;
            }
            EntryData unhashed = new EntryData(sequence++, candidate.eventId(), candidate.tenantId(),
                    candidate.documentId(), candidate.entryType(), candidate.sourceTopic(),
                    EntryData.truncate(candidate.occurredAt()), recordedAt, candidate.bodyDigest(),
                    candidate.projection(), previous, null);
            EntryData entry = unhashed.withEntryHash(unhashed.computeHash());
            entries.add(entry);
            previous = entry.entryHash();
        }
        if (entries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ledger.insertAll(entries).map(rows -> {
            if (rows != entries.size()) {
                // Impossible under the chain lock; failing rolls the batch back rather than leave a gap.
                throw new IllegalStateException("ledger changed under the chain lock");
            }
            return entries;
        });
    }
}
