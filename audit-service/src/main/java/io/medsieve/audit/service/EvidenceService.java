package io.medsieve.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medsieve.audit.config.AuditConfig;
import io.medsieve.audit.domain.LedgerEntry;
import io.medsieve.audit.repository.LedgerRepository;
import io.medsieve.audit.verify.EvidenceEntry;
import io.medsieve.audit.verify.EvidenceManifest;
import io.medsieve.audit.verify.MerkleTree;
import io.medsieve.audit.verify.SignedTreeHead;
import io.medsieve.events.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Evidence packages: one tenant's entries about a document or a time range, each with an inclusion proof against
 * a freshly signed tree head, as a ZIP of JSON that {@code EvidenceVerifier} checks offline. Queries always filter
 * on the caller's tenant, so a package never contains another tenant's entries (only hashes in audit paths).
 */
@ApplicationScoped
public class EvidenceService {

    private final LedgerRepository ledger;
    private final CheckpointService checkpoints;
    private final SigningKeys signing;
    private final AuditConfig config;
    private final ObjectMapper mapper = EventJson.configure(new ObjectMapper())
            .enable(SerializationFeature.INDENT_OUTPUT);

    public EvidenceService(LedgerRepository ledger, CheckpointService checkpoints, SigningKeys signing,
                           AuditConfig config) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.signing = signing;
        this.config = config;
    }

    /** Every entry of the tenant about {@code documentId}; 404 when there is none. */
    public Uni<byte[]> forDocument(String tenantId, String documentId) {
        return build(tenantId, documentId, null, null,
                () -> ledger.forDocument(tenantId, documentId, config.evidence().maxEntries()));
    }

    /** Every entry of the tenant that occurred in [from, to). */
    public Uni<byte[]> forRange(String tenantId, Instant from, Instant to) {
        return build(tenantId, null, from, to,
                () -> ledger.forRange(tenantId, from, to, config.evidence().maxEntries()));
    }

    private Uni<byte[]> build(String tenantId, String documentId, Instant from, Instant to,
                              java.util.function.Supplier<Uni<List<LedgerEntry>>> query) {
        // Sign first, then select: every selected entry the head does not cover is left out, never unproven.
        return checkpoints.checkpointNow().chain(signed -> Panache.withTransaction(() -> query.get()
                .chain(found -> {
                    long treeSize = signed.map(SignedTreeHead::treeSize).orElse(0L);
                    List<LedgerEntry> entries = found.stream().filter(entry -> entry.sequence < treeSize).toList();
                    if (documentId != null && entries.isEmpty()) {
                        throw new LedgerNotFoundException();
                    }
                    if (entries.isEmpty()) {
                        return Uni.createFrom().item(zip(tenantId, documentId, from, to, signed.orElse(null),
                                List.of()));
                    }
                    return checkpoints.tree(treeSize).map(tree -> zip(tenantId, documentId, from, to, signed.get(),
                            entries.stream().map(entry -> evidence(entry, tree, treeSize)).toList()));
                })));
    }

    private static EvidenceEntry evidence(LedgerEntry entry, MerkleTree tree, long treeSize) {
        return new EvidenceEntry(entry.toData(), ProofService.proof(entry, tree, treeSize, null).auditPath());
    }

    private byte[] zip(String tenantId, String documentId, Instant from, Instant to, SignedTreeHead head,
                       List<EvidenceEntry> entries) {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put(EvidenceManifest.MANIFEST, new EvidenceManifest(EvidenceManifest.FORMAT, tenantId, documentId,
                from, to, Instant.now(), entries.size()));
        files.put(EvidenceManifest.TREE_HEAD, head);
        files.put(EvidenceManifest.ENTRIES, entries);
        files.put(EvidenceManifest.PUBLIC_KEY, signing.publicKeyView());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, Object> file : files.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(mapper.writeValueAsBytes(file.getValue()));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
