package io.medsieve.audit.service;

import io.medsieve.audit.verify.SignedTreeHead;

import java.util.List;

/**
 * RFC 9162 inclusion proof of one entry.
 *
 * @param sequence  the entry (leaf index)
 * @param treeSize  size of the tree the proof is for
 * @param entryHash the entry hash (leaf data)
 * @param leafHash  HASH(0x00 || entry hash bytes), hex
 * @param auditPath hex hashes, leaf to root
 * @param rootHash  hex root of the tree of {@code treeSize}
 * @param treeHead  the signed head of that size, or null when none was signed at exactly that size
 */
public record InclusionProof(long sequence, long treeSize, String entryHash, String leafHash, List<String> auditPath,
                             String rootHash, SignedTreeHead treeHead) {
}
