package io.medsieve.audit.verify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the tree against a naive, independent transcription of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 (plain
 * recursion over sub-lists, its own SHA-256 calls), for every tree size up to 40 and every leaf and prefix.
 */
class MerkleTreeTest {

    private static final int MAX = 40;

    @Test
    void rootsInclusionAndConsistencyProofsMatchTheNaiveRfcDefinitions() {
        List<byte[]> data = leaves(MAX);
        MerkleTree tree = MerkleTree.ofLeafData(data);
        for (int n = 1; n <= MAX; n++) {
            List<byte[]> prefix = data.subList(0, n);
            byte[] root = naiveMth(prefix);
            assertThat(tree.rootOf(n)).as("root of %d", n).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = tree.inclusionProof(m, n);
                assertThat(path).as("path %d of %d", m, n).containsExactlyElementsOf(naivePath(m, prefix));
                assertThat(MerkleTree.verifyInclusion(m, n, naiveLeaf(data.get(m)), path, root)).isTrue();
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                assertThat(proof).as("proof %d..%d", m, n).containsExactlyElementsOf(naiveProof(m, prefix));
                assertThat(MerkleTree.verifyConsistency(m, n, naiveMth(data.subList(0, m)), root, proof)).isTrue();
            }
        }
    }

    @Test
    void tamperedProofsAreRejected() {
        List<byte[]> data = leaves(13);
        MerkleTree tree = MerkleTree.ofLeafData(data);
        byte[] root = tree.root();
        List<byte[]> path = new ArrayList<>(tree.inclusionProof(5, 13));
        byte[] leaf = MerkleTree.leafHash(data.get(5));

        assertThat(MerkleTree.verifyInclusion(5, 13, leaf, path, root)).isTrue();
        assertThat(MerkleTree.verifyInclusion(6, 13, leaf, path, root)).as("wrong index").isFalse();
        assertThat(MerkleTree.verifyInclusion(5, 13, MerkleTree.leafHash(data.get(4)), path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(5, 40, leaf, path, root)).as("wrong size").isFalse();
        path.set(1, flip(path.get(1)));
        assertThat(MerkleTree.verifyInclusion(5, 13, leaf, path, root)).as("altered path").isFalse();

        List<byte[]> proof = new ArrayList<>(tree.consistencyProof(6, 13));
        byte[] oldRoot = tree.rootOf(6);
        assertThat(MerkleTree.verifyConsistency(6, 13, oldRoot, root, proof)).isTrue();
        assertThat(MerkleTree.verifyConsistency(6, 13, flip(oldRoot), root, proof)).as("rewritten history").isFalse();
        assertThat(MerkleTree.verifyConsistency(7, 13, tree.rootOf(7), root, proof)).as("wrong size").isFalse();
        proof.set(0, flip(proof.get(0)));
        assertThat(MerkleTree.verifyConsistency(6, 13, oldRoot, root, proof)).as("altered proof").isFalse();
        assertThat(MerkleTree.verifyConsistency(6, 13, oldRoot, root, List.of())).as("empty proof").isFalse();
    }

    @Test
    void emptyTreeRootIsTheHashOfNothing() {
        assertThat(MerkleTree.ofLeafData(List.of()).root()).isEqualTo(sha256(new byte[0]));
    }

    // --- the naive reference: RFC 9162 definitions transcribed literally ---------------------------------------

    private static byte[] naiveMth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return naiveLeaf(d.get(0));
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return sha256(concat(new byte[]{1}, naiveMth(d.subList(0, k)), naiveMth(d.subList(k, n))));
    }

    private static List<byte[]> naivePath(int m, List<byte[]> d) {
        int n = d.size();
        List<byte[]> path = new ArrayList<>();
        if (n <= 1) {
            return path;
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        if (m < k) {
            path.addAll(naivePath(m, d.subList(0, k)));
            path.add(naiveMth(d.subList(k, n)));
        } else {
            path.addAll(naivePath(m - k, d.subList(k, n)));
            path.add(naiveMth(d.subList(0, k)));
        }
        return path;
    }

    private static List<byte[]> naiveProof(int m, List<byte[]> d) {
        return m == d.size() ? List.of() : naiveSubproof(m, d, true);
    }

    private static List<byte[]> naiveSubproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!b) {
                proof.add(naiveMth(d));
            }
            return proof;
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        if (m <= k) {
            proof.addAll(naiveSubproof(m, d.subList(0, k), b));
            proof.add(naiveMth(d.subList(k, n)));
        } else {
            proof.addAll(naiveSubproof(m - k, d.subList(k, n), false));
            proof.add(naiveMth(d.subList(0, k)));
        }
        return proof;
    }

    private static byte[] naiveLeaf(byte[] data) {
        return sha256(concat(new byte[]{0}, data));
    }

    private static List<byte[]> leaves(int count) {
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            data.add(sha256(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] flip(byte[] hash) {
        byte[] copy = hash.clone();
        copy[0] ^= 1;
        return copy;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
