package io.medsieve.audit.verify;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * One contiguous stretch of the chain, checked on its own so that many stretches can be read and hashed in
 * parallel: every entry hash is recomputed, every link inside the stretch and the density of its sequences are
 * checked, and the Merkle leaf hashes are computed. What a stretch cannot know alone (that its first entry follows
 * the previous stretch's last one) is checked when {@link ChainVerifier#accept(ChainSegment)} joins the stretches
 * in order, so the verdict and the first broken entry are exactly those of feeding every entry to
 * {@link ChainVerifier#accept(EntryData)}.
 *
 * <p>Feed entries in sequence order; not thread-safe (one stretch per thread).
 */
public final class ChainSegment {

    private final ByteArrayOutputStream leafHashes;
    private long firstSequence = -1;
    private String firstPreviousHash;
    private long expectedSequence;
    private String previousHash;
    private int accepted;
    private Long brokenAt;
    private String problem;

    /** A stretch expected to hold about {@code expectedEntries} entries (sizes the leaf hash buffer). */
    public ChainSegment(int expectedEntries) {
        leafHashes = new ByteArrayOutputStream(Math.max(32, expectedEntries) * 32);
    }

    /** Checks the next entry of the stretch; returns false once the stretch is broken. */
    public boolean accept(EntryData entry) {
        if (problem != null) {
            return false;
        }
        if (firstSequence < 0) {
            // Whether the first entry follows its predecessor is for the join to decide.
            firstSequence = entry.sequence();
            firstPreviousHash = entry.previousHash();
            expectedSequence = entry.sequence();
        } else if (entry.sequence() != expectedSequence) {
            return fail(expectedSequence, ChainVerifier.sequenceProblem(expectedSequence, entry.sequence()));
        } else if (!previousHash.equals(entry.previousHash())) {
            return fail(entry.sequence(), ChainVerifier.linkProblem(entry.sequence()));
        }
        byte[] hash = entry.computeHashBytes();
        if (!HexFormat.of().formatHex(hash).equals(entry.entryHash())) {
            return fail(entry.sequence(), ChainVerifier.CONTENT_PROBLEM);
        }
        // Equal to the stored hash, so these are the leaf data without parsing the stored hex.
        leafHashes.writeBytes(MerkleTree.leafHash(hash));
        previousHash = entry.entryHash();
        expectedSequence++;
        accepted++;
        return true;
    }

    /** Whether any entry was fed. */
    boolean isEmpty() {
        return firstSequence < 0;
    }

    long firstSequence() {
        return firstSequence;
    }

    String firstPreviousHash() {
        return firstPreviousHash;
    }

    String lastHash() {
        return previousHash;
    }

    int accepted() {
        return accepted;
    }

    byte[] leafHashes() {
        return leafHashes.toByteArray();
    }

    Long brokenAt() {
        return brokenAt;
    }

    String problem() {
        return problem;
    }

    private boolean fail(long sequence, String why) {
        brokenAt = sequence;
        problem = why;
        return false;
    }
}
