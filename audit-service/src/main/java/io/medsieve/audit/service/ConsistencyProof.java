package io.medsieve.audit.service;

import java.util.List;

/**
 * RFC 9162 consistency proof between two tree sizes.
 *
 * @param first      the smaller tree size
 * @param second     the larger tree size
 * @param firstRoot  hex root at {@code first}
 * @param secondRoot hex root at {@code second}
 * @param proof      hex hashes per RFC 9162 §2.1.4.1 (empty when first == second)
 */
public record ConsistencyProof(long first, long second, String firstRoot, String secondRoot, List<String> proof) {
}
