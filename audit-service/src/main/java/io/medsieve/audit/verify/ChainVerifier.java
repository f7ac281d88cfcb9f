package io.medsieve.audit.verify;

import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;

/**
 * Recomputes the hash chain entry by entry and then the Merkle roots of signed tree heads, trusting nothing but
 * the hashing rules and the public key. Used by the server's {@code /v1/ledger/verify} and by the offline verifier.
 * Feed entries in sequence order with {@link #accept}; it stops at the first broken entry and names it.
 */
public final class ChainVerifier {

    private final MerkleTree tree = new MerkleTree();
    private String previousHash = EntryData.GENESIS;
    private long expectedSequence;
    private boolean broken;
    private Long firstBroken;
    private String problem;
    private long checkpointsChecked;

    /** Checks one entry; returns false once the chain is broken (later entries are then ignored). */
    public boolean accept(EntryData entry) {
        if (broken) {
            return false;
        }
        if (entry.sequence() != expectedSequence) {
            return fail(expectedSequence, sequenceProblem(expectedSequence, entry.sequence()));
        }
        if (!previousHash.equals(entry.previousHash())) {
            return fail(entry.sequence(), linkProblem(entry.sequence()));
        }
        byte[] hash = entry.computeHashBytes();
        if (!HexFormat.of().formatHex(hash).equals(entry.entryHash())) {
            return fail(entry.sequence(), CONTENT_PROBLEM);
        }
        tree.append(hash);
        previousHash = entry.entryHash();
        expectedSequence++;
        return true;
    }

    /**
     * Joins the next checked stretch of the chain (stretches in sequence order, none skipped; an empty one is
     * ignored). Checks, in the order {@link #accept(EntryData)} would meet them, that the stretch starts where the
     * chain so far ends and links to its last hash, then takes over the stretch's own verdict and leaf hashes.
     */
    public boolean accept(ChainSegment segment) {
        if (broken) {
            return false;
        }
        if (segment.isEmpty()) {
            return true;
        }
        if (segment.firstSequence() != expectedSequence) {
            return fail(expectedSequence, sequenceProblem(expectedSequence, segment.firstSequence()));
        }
        if (!previousHash.equals(segment.firstPreviousHash())) {
            return fail(segment.firstSequence(), linkProblem(segment.firstSequence()));
        }
        expectedSequence += segment.accepted();
        if (segment.problem() != null) {
            return fail(segment.brokenAt(), segment.problem());
        }
        tree.appendLeafHashes(segment.leafHashes(), segment.accepted());
        previousHash = segment.lastHash();
        return true;
    }

    /**
     * Checks signed tree heads against the entries accepted so far: the signature under {@code publicKey} and the
     * recomputed root. Call after the last entry.
     */
    public boolean checkTreeHeads(List<SignedTreeHead> heads, PublicKey publicKey) {
        if (broken) {
            return false;
        }
        for (SignedTreeHead head : heads) {
            if (!head.verify(publicKey)) {
                return fail(null, "tree head at size " + head.treeSize() + " has an invalid signature");
            }
            if (head.treeSize() > tree.size()) {
                return fail(Math.min(head.treeSize() - 1, expectedSequence),
                        "tree head at size " + head.treeSize() + " covers entries that are missing");
            }
            String root = HexFormat.of().formatHex(tree.rootOf((int) head.treeSize()));
            if (!root.equals(head.rootHash())) {
                return fail(null, "tree head at size " + head.treeSize() + " does not match the entries' Merkle root");
            }
            checkpointsChecked++;
        }
        return true;
    }

    /** The verdict so far. */
    public VerificationReport report() {
        return new VerificationReport(!broken, expectedSequence, firstBroken, problem,
                checkpointsChecked);
    }

    static final String CONTENT_PROBLEM = "entry hash does not match the entry's content";

    static String sequenceProblem(long expected, long found) {
        return found > expected
                ? "entry " + expected + " is missing (next present is " + found + ")"
                : "sequence " + found + " is out of order";
    }

    static String linkProblem(long sequence) {
        return "previous hash does not match the entry hash of entry " + (sequence - 1);
    }

    private boolean fail(Long sequence, String why) {
        broken = true;
        firstBroken = sequence;
        problem = why;
        return false;
    }
}
