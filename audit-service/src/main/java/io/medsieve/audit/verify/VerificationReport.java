package io.medsieve.audit.verify;

/**
 * Outcome of a full verification.
 *
 * @param valid              whether the chain and every checked tree head hold
 * @param entriesVerified    entries whose hash and link were recomputed successfully
 * @param firstBrokenEntry   sequence of the first entry that fails (missing, altered, relinked), or null
 * @param problem            why verification failed, or null; never quotes entry content
 * @param treeHeadsVerified  signed tree heads whose signature and root were checked
 */
public record VerificationReport(boolean valid, long entriesVerified, Long firstBrokenEntry, String problem,
                                 long treeHeadsVerified) {
}
