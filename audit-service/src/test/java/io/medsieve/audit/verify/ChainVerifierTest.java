package io.medsieve.audit.verify;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain rules in memory: every field is covered, and the report names the first broken entry. */
class ChainVerifierTest {

    @Test
    void intactChainAndSignedHeadVerify() throws Exception {
        List<EntryData> chain = chain(10);
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ChainVerifier verifier = new ChainVerifier();
        chain.forEach(verifier::accept);
        assertThat(verifier.checkTreeHeads(List.of(head(chain, 7, key), head(chain, 10, key)), key.getPublic()))
                .isTrue();
        assertThat(verifier.report()).isEqualTo(new VerificationReport(true, 10, null, null, 2));
    }

    @Test
    void everyHashedFieldIsCovered() {
        EntryData e = chain(1).getFirst();
        List<EntryData> variants = new ArrayList<>();
        for (int field = 0; field < 11; field++) {
            variants.add(changed(e, field));
        }
        assertThat(variants).allSatisfy(variant -> assertThat(variant.computeHash()).isNotEqualTo(e.entryHash()));
        // Length prefixes: moving a character between adjacent fields changes the hash.
        EntryData shifted = new EntryData(0, e.eventId() + "t", e.tenantId().substring(1), e.documentId(),
                e.entryType(), e.sourceTopic(), e.occurredAt(), e.recordedAt(), e.bodyDigest(), e.projection(),
                e.previousHash(), null);
        assertThat(shifted.computeHash()).isNotEqualTo(e.entryHash());
    }

    /** The entry with one hashed field (0..10, in encoding order) altered. */
    private static EntryData changed(EntryData e, int field) {
        return new EntryData(field == 0 ? e.sequence() + 1 : e.sequence(),
                field == 1 ? "other" : e.eventId(),
                field == 2 ? "tenant-b" : e.tenantId(),
                field == 3 ? null : e.documentId(),
                field == 4 ? "DeadLetter" : e.entryType(),
                field == 5 ? "dlq-ocr" : e.sourceTopic(),
                field == 6 ? e.occurredAt().plusNanos(1000) : e.occurredAt(),
                field == 7 ? e.recordedAt().plusNanos(1000) : e.recordedAt(),
                field == 8 ? "1".repeat(64) : e.bodyDigest(),
                field == 9 ? "{\"route\":\"CLOUD_SYNC\"}" : e.projection(),
                field == 10 ? "2".repeat(64) : e.previousHash(),
                null);
    }

    @Test
    void alteredEntryIsNamed() {
        List<EntryData> chain = chain(6);
        EntryData victim = chain.get(3);
        chain.set(3, new EntryData(3, victim.eventId(), victim.tenantId(), victim.documentId(), "ReviewDecision",
                victim.sourceTopic(), victim.occurredAt(), victim.recordedAt(), victim.bodyDigest(),
                "{\"decision\":\"APPROVED\"}", victim.previousHash(), victim.entryHash()));
        assertThat(verify(chain).firstBrokenEntry()).isEqualTo(3L);
    }

    @Test
    void recomputedHashBreaksTheNextLink() {
        List<EntryData> chain = chain(6);
        EntryData victim = chain.get(2);
        EntryData forged = new EntryData(2, victim.eventId(), victim.tenantId(), victim.documentId(),
                victim.entryType(), victim.sourceTopic(), victim.occurredAt(), victim.recordedAt(),
                victim.bodyDigest(), "{}", victim.previousHash(), null);
        chain.set(2, forged.withEntryHash(forged.computeHash()));
        VerificationReport report = verify(chain);
        assertThat(report.firstBrokenEntry()).isEqualTo(3L);
        assertThat(report.problem()).contains("previous hash");
    }

    @Test
    void droppedEntryIsNamed() {
        List<EntryData> chain = chain(6);
        chain.remove(4);
        VerificationReport report = verify(chain);
        assertThat(report.valid()).isFalse();
        assertThat(report.firstBrokenEntry()).isEqualTo(4L);
        assertThat(report.problem()).contains("missing");
    }

    @Test
    void truncatedTailIsCaughtByTheSignedHead() throws Exception {
        List<EntryData> chain = chain(6);
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SignedTreeHead head = head(chain, 6, key);
        ChainVerifier verifier = new ChainVerifier();
        chain.subList(0, 5).forEach(verifier::accept);
        assertThat(verifier.checkTreeHeads(List.of(head), key.getPublic())).isFalse();
        assertThat(verifier.report().valid()).isFalse();
    }

    static List<EntryData> chain(int size) {
        List<EntryData> chain = new ArrayList<>();
        String previous = EntryData.GENESIS;
        Instant base = Instant.parse("2026-01-05T10:15:30.123456Z");
        for (int i = 0; i < size; i++) {
            EntryData entry = new EntryData(i, "event-" + i, "tenant-a", "doc-" + (i % 3), "DocumentIngested",
                    "document-ingested", base.plusSeconds(i), base.plusSeconds(i + 1), "a".repeat(64),
                    "{\"pageCount\":" + i + "}", previous, null);
            entry = entry.withEntryHash(entry.computeHash());
            chain.add(entry);
            previous = entry.entryHash();
        }
        return chain;
    }

    static SignedTreeHead head(List<EntryData> chain, int size, KeyPair key) throws Exception {
        MerkleTree tree = MerkleTree.ofLeafData(chain.stream().map(EntryData::leafData).toList());
        SignedTreeHead unsigned = new SignedTreeHead(size, HexFormat.of().formatHex(tree.rootOf(size)),
                Instant.parse("2026-01-05T11:00:00Z"), "test", null);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(unsigned.signedMessage());
        return new SignedTreeHead(size, unsigned.rootHash(), unsigned.timestamp(), "test",
                Base64.getEncoder().encodeToString(signer.sign()));
    }

    private static VerificationReport verify(List<EntryData> chain) {
        ChainVerifier verifier = new ChainVerifier();
        chain.forEach(verifier::accept);
        return verifier.report();
    }
}
