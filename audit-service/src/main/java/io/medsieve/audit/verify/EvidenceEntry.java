package io.medsieve.audit.verify;

import java.util.List;

/**
 * One ledger entry in an evidence package with its RFC 9162 inclusion proof against the package's tree head.
 *
 * @param entry          every hashed field of the entry
 * @param inclusionPath  hex audit path, leaf to root
 */
public record EvidenceEntry(EntryData entry, List<String> inclusionPath) {
}
