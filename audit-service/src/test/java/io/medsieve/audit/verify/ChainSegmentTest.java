package io.medsieve.audit.verify;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifying the chain in stretches (what the parallel database verification does) must give exactly the verdict,
 * first broken entry and problem of one pass over every entry, wherever the damage falls relative to the stretch
 * borders.
 */
class ChainSegmentTest {

    private static final int SIZE = 12;

    @Test
    void stretchesAgreeWithOnePassForEveryKindOfDamageAtEveryPosition() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<EntryData> intact = ChainVerifierTest.chain(SIZE);
        List<SignedTreeHead> heads = List.of(ChainVerifierTest.head(intact, 5, key),
                ChainVerifierTest.head(intact, SIZE, key));
        Map<String, UnaryOperator<List<EntryData>>> damages = new LinkedHashMap<>();
        damages.put("intact", chain -> chain);
        for (int i = 0; i < SIZE; i++) {
            int at = i;
            damages.put("altered " + at, chain -> with(chain, at, altered(chain.get(at))));
            damages.put("dropped " + at, chain -> without(chain, at));
            damages.put("rehashed " + at, chain -> with(chain, at, rehashed(chain.get(at))));
            if (at + 1 < SIZE) {
                damages.put("dropped " + at + " and " + (at + 1), chain -> without(without(chain, at + 1), at));
                damages.put("swapped " + at, chain -> swapped(chain, at));
            }
        }
        for (var damage : damages.entrySet()) {
            List<EntryData> chain = damage.getValue().apply(new ArrayList<>(intact));
            VerificationReport onePass = onePass(chain, heads, key);
            for (int stretch = 1; stretch <= SIZE + 1; stretch++) {
                assertThat(inStretches(chain, stretch, heads, key))
                        .as(damage.getKey() + ", stretches of " + stretch).isEqualTo(onePass);
            }
        }
    }

    private static VerificationReport onePass(List<EntryData> chain, List<SignedTreeHead> heads, KeyPair key) {
        ChainVerifier verifier = new ChainVerifier();
        chain.forEach(verifier::accept);
        verifier.checkTreeHeads(heads, key.getPublic());
        return verifier.report();
    }

    /** As {@link DatabaseChainVerifier} cuts the chain: by sequence range up to the highest sequence present. */
    private static VerificationReport inStretches(List<EntryData> chain, int stretch, List<SignedTreeHead> heads,
                                                 KeyPair key) {
        long size = chain.stream().mapToLong(EntryData::sequence).max().orElse(-1) + 1;
        ChainVerifier verifier = new ChainVerifier();
        for (long from = 0; from < size; from += stretch) {
            long lo = from;
            ChainSegment segment = new ChainSegment(stretch);
            chain.stream().filter(e -> e.sequence() >= lo && e.sequence() < lo + stretch)
                    .sorted((a, b) -> Long.compare(a.sequence(), b.sequence()))
                    .takeWhile(segment::accept).count();
            verifier.accept(segment);
        }
        verifier.checkTreeHeads(heads, key.getPublic());
        return verifier.report();
    }

    private static EntryData altered(EntryData e) {
        return new EntryData(e.sequence(), e.eventId(), e.tenantId(), e.documentId(), "ReviewDecision",
                e.sourceTopic(), e.occurredAt(), e.recordedAt(), e.bodyDigest(), "{\"decision\":\"APPROVED\"}",
                e.previousHash(), e.entryHash());
    }

    private static EntryData rehashed(EntryData e) {
        EntryData forged = new EntryData(e.sequence(), e.eventId(), e.tenantId(), e.documentId(), e.entryType(),
                e.sourceTopic(), e.occurredAt(), e.recordedAt(), e.bodyDigest(), "{}", e.previousHash(), null);
        return forged.withEntryHash(forged.computeHash());
    }

    /** Two neighbours exchange places (sequence numbers included), as a reordering forger would. */
    private static List<EntryData> swapped(List<EntryData> chain, int at) {
        EntryData a = chain.get(at);
        EntryData b = chain.get(at + 1);
        List<EntryData> copy = with(chain, at, renumbered(b, a.sequence()));
        return with(copy, at + 1, renumbered(a, b.sequence()));
    }

    private static EntryData renumbered(EntryData e, long sequence) {
        return new EntryData(sequence, e.eventId(), e.tenantId(), e.documentId(), e.entryType(), e.sourceTopic(),
                e.occurredAt(), e.recordedAt(), e.bodyDigest(), e.projection(), e.previousHash(), e.entryHash());
    }

    private static List<EntryData> with(List<EntryData> chain, int at, EntryData entry) {
        List<EntryData> copy = new ArrayList<>(chain);
        copy.set(at, entry);
        return copy;
    }

    private static List<EntryData> without(List<EntryData> chain, int at) {
        List<EntryData> copy = new ArrayList<>(chain);
        copy.remove(at);
        return copy;
    }
}
