package io.medsieve.audit.service;

import io.medsieve.audit.domain.EntryCandidate;
import io.medsieve.audit.verify.EntryData;
import io.medsieve.events.Sha256;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Records crypto-shredding as a ledger entry. The ledger holds no ciphertext and no key material, only digests and
 * ids, so destroying a tenant's or patient's key leaves every entry, proof and signature verifiable; the erasure
 * itself becomes part of the evidence. The key is destroyed by its owner (secure-storage), not by this service.
 */
@ApplicationScoped
public class ErasureService {

    /** What was erased. */
    public enum Scope {
        TENANT, PATIENT, DOCUMENT
    }

    private final LedgerService ledger;
    private final EntryProjector projector;

    public ErasureService(LedgerService ledger, EntryProjector projector) {
        this.ledger = ledger;
        this.projector = projector;
    }

    /**
     * Appends the erasure record. A patient subject is kept only as SHA-256 over tenant and subject, so even a
     * careless caller sending an MRN does not put it into the ledger in clear.
     */
    public Uni<EntryData> record(String tenantId, Scope scope, String subjectId, String keyId, String reasonCode) {
        String subject = switch (scope) {
            case TENANT -> tenantId;
            case PATIENT -> "sha256:" + Sha256.hex(
                    (tenantId + "\n" + subjectId).getBytes(StandardCharsets.UTF_8));
            case DOCUMENT -> subjectId;
        };
        EntryCandidate candidate = projector.erasure(tenantId, scope.name(), subject, keyId, reasonCode,
                Instant.now());
        return ledger.append(candidate).map(Optional::orElseThrow);
    }
}
