package io.medsieve.ingest.repository;

import io.medsieve.ingest.domain.DocumentRecord;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Accepted documents, always looked up within one tenant. */
@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<DocumentRecord, UUID> {

    /** The document with these uploaded bytes in this tenant, or null: the idempotency lookup. */
    public Uni<DocumentRecord> findByUpload(String tenantId, String uploadSha256) {
        return find("tenantId = ?1 and uploadSha256 = ?2", tenantId, uploadSha256).firstResult();
    }

    /** The document if it belongs to the tenant; another tenant's document is indistinguishable from none. */
    public Uni<DocumentRecord> findForTenant(UUID id, String tenantId) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }
}
