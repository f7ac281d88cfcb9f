package io.medsieve.audit.verify;

import java.time.Instant;

/**
 * What an evidence package covers; {@code manifest.json} in the ZIP.
 *
 * @param format      package format, {@value #FORMAT}
 * @param tenantId    the tenant every entry belongs to
 * @param documentId  the document, for a per-document package, else null
 * @param from        start of the time range (inclusive), for a range package, else null
 * @param to          end of the time range (exclusive), for a range package, else null
 * @param generatedAt when the package was built
 * @param entryCount  number of entries in {@code entries.json}
 */
public record EvidenceManifest(String format, String tenantId, String documentId, Instant from, Instant to,
                               Instant generatedAt, int entryCount) {

    public static final String FORMAT = "medsieve-evidence-v1";
    public static final String MANIFEST = "manifest.json";
    public static final String ENTRIES = "entries.json";
    public static final String TREE_HEAD = "tree-head.json";
    public static final String PUBLIC_KEY = "public-key.json";
}
