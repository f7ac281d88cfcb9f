package io.medsieve.audit.verify;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash rules pinned to fixed vectors, computed with the first implementation: hashes already stored and signed
 * must verify forever, so any change to the encoding (even a faster one) has to reproduce these bytes.
 */
class EntryDataTest {

    private static final Instant T = Instant.parse("2026-01-05T10:15:30.123456Z");

    @Test
    void entryHashRuleIsPinned() {
        EntryData entry = new EntryData(42, "event-42", "tenant-\u00e4", null, "DocumentRouted", "document-routed", T,
                T.plusSeconds(1), "a".repeat(64),
                "{\"route\":\"LOCAL\",\"reasons\":[\"tier 1 \u2013 referral\"]}", "b".repeat(64), null);
        assertThat(entry.computeHash())
                .isEqualTo("eee19276330ff9a3ae7c95855cee1155723abfcb367c87606ed369a174c5d287");
        assertThat(HexFormat.of().formatHex(entry.computeHashBytes())).isEqualTo(entry.computeHash());
        EntryData minimal = new EntryData(0, "e", "t", "d", "X", "s", T, T, null, "", EntryData.GENESIS, null);
        assertThat(minimal.computeHash())
                .isEqualTo("6509f5c5b485afa4b8e7931c4e3b85baff28694735ea656ffe80c0b80f8f3b06");
    }

    @Test
    void merkleHashRulesArePinned() {
        byte[] leaf = HexFormat.of().parseHex("eee19276330ff9a3ae7c95855cee1155723abfcb367c87606ed369a174c5d287");
        assertThat(HexFormat.of().formatHex(MerkleTree.leafHash(leaf)))
                .isEqualTo("b45fff6bb45fdbeefd9e19844f5a577c7767f67614cc0c8354b399d6f4ea6e0b");
        assertThat(HexFormat.of().formatHex(MerkleTree.nodeHash(new byte[32], new byte[]{1, 2, 3})))
                .isEqualTo("5acfb9c2eefac6f0bbdc1a634c8d1311a60c4d3de62ba58fa3e8166138c5dda4");
    }

    @Test
    void treeHeadMessageIsPinned() {
        SignedTreeHead head = new SignedTreeHead(5, "ab".repeat(32), T, "key-1", null);
        assertThat(HexFormat.of().formatHex(head.signedMessage())).isEqualTo("000000156d656473696576652d747265652d6865"
                + "61642d76310000000000000005000647a156b2b6c0" + "ab".repeat(32) + "000000056b65792d31");
    }
}
