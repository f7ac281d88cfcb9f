package io.medsieve.audit.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An RFC 9162 (Certificate Transparency v2) Merkle tree over ledger entries, with the RFC's inclusion and
 * consistency proofs and their verification algorithms (§2.1.3.2, §2.1.4.2). Using the published rules, rather
 * than our own, lets an auditor check proofs with any CT-compatible tool.
 *
 * <p>Complete power-of-two subtrees are cached level by level and extended as leaves are appended, so appending
 * costs O(1) hashes amortised and a root or proof for any tree size up to {@link #size()} costs O(log² n): the
 * ledger can sign a checkpoint every few entries without rehashing history. Leaf data is the raw 32-byte entry
 * hash. Instances are thread-safe (methods are synchronized; the service shares one tree).
 */
public final class MerkleTree {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleTree::newSha256);

    /** levels.get(h).get(j) = hash of the complete subtree over leaves [j * 2^h, (j + 1) * 2^h). */
    private final List<List<byte[]>> levels = new ArrayList<>();

    /** An empty tree to {@link #append} to. */
    public MerkleTree() {
        levels.add(new ArrayList<>());
    }

    /** Builds the tree over the given leaf data (each entry hash), in sequence order. */
    public static MerkleTree ofLeafData(List<byte[]> leafData) {
        MerkleTree tree = new MerkleTree();
        leafData.forEach(tree::append);
        return tree;
    }

    /** Adds the next leaf, completing every subtree it closes. */
    public synchronized void append(byte[] leafData) {
        appendLeafHash(leafHash(leafData));
    }

    /**
     * Adds {@code count} leaves whose {@link #leafHash leaf hashes} were computed elsewhere, packed 32 bytes each:
     * parallel verification hashes leaves on many threads and only the O(1) subtree completion stays in order.
     */
    public synchronized void appendLeafHashes(byte[] packed, int count) {
        if (count < 0 || packed.length < count * 32L) {
            throw new IllegalArgumentException("need 32 bytes per leaf hash");
        }
        for (int i = 0; i < count; i++) {
            appendLeafHash(Arrays.copyOfRange(packed, i * 32, i * 32 + 32));
        }
    }

    private void appendLeafHash(byte[] leafHash) {
        byte[] node = leafHash;
        int height = 0;
        while (true) {
            List<byte[]> level = levels.get(height);
            level.add(node);
            if (level.size() % 2 != 0) {
                return;
            }
            node = nodeHash(level.get(level.size() - 2), node);
            height++;
            if (levels.size() == height) {
                levels.add(new ArrayList<>());
            }
        }
    }

    public synchronized int size() {
        return levels.getFirst().size();
    }

    /** MTH(D[n]) for the whole tree. */
    public synchronized byte[] root() {
        return rootOf(size());
    }

    /** MTH(D[0:treeSize]): the root the tree had when it held {@code treeSize} leaves. */
    public synchronized byte[] rootOf(int treeSize) {
        checkSize(treeSize);
        return mth(0, treeSize);
    }

    /** PATH(m, D[treeSize]) of RFC 9162 §2.1.3.1, leaf to root. */
    public synchronized List<byte[]> inclusionProof(int leafIndex, int treeSize) {
        checkSize(treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index outside the tree");
        }
        List<byte[]> path = new ArrayList<>();
        path(leafIndex, 0, treeSize, path);
        return path;
    }

    /** PROOF(first, D[second]) of RFC 9162 §2.1.4.1; empty when first == second. */
    public synchronized List<byte[]> consistencyProof(int first, int second) {
        checkSize(second);
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("need 0 < first <= second");
        }
        List<byte[]> proof = new ArrayList<>();
        if (first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    /** HASH(0x00 || data). */
    public static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(data);
        return sha.digest();
    }

    /** HASH(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root of the empty tree, HASH(). */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** RFC 9162 §2.1.3.2: does {@code path} prove {@code leafHash} is leaf {@code leafIndex} under {@code root}? */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
                                          byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2: does {@code proof} show the tree of size {@code first} is a prefix of {@code second}? */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> proof) {
        if (first < 1 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.addFirst(firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** MTH(D[lo:hi]) with the RFC's split: k is the largest power of two smaller than n. */
    private byte[] mth(int lo, int hi) {
        int n = hi - lo;
        if (n == 0) {
            return emptyRoot();
        }
        if (Integer.bitCount(n) == 1 && lo % n == 0) {
            return levels.get(Integer.numberOfTrailingZeros(n)).get(lo / n);
        }
        int k = split(n);
        return nodeHash(mth(lo, lo + k), mth(lo + k, hi));
    }

    private void path(int m, int lo, int hi, List<byte[]> out) {
        int n = hi - lo;
        if (n <= 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, lo, lo + k, out);
            out.add(mth(lo + k, hi));
        } else {
            path(m - k, lo + k, hi, out);
            out.add(mth(lo, lo + k));
        }
    }

    private void subproof(int m, int lo, int hi, boolean complete, List<byte[]> out) {
        int n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(mth(lo, hi));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, lo, lo + k, complete, out);
            out.add(mth(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(mth(lo, lo + k));
        }
    }

    /** The largest power of two strictly smaller than n (n >= 2). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private void checkSize(int treeSize) {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("tree size outside 0.." + size());
        }
    }

    /** This thread's SHA-256, reset: getInstance per hash costs as much as hashing 64 bytes. */
    private static MessageDigest sha256() {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return sha;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
