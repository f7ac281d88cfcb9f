package io.medsieve.redaction.repository;

import io.medsieve.redaction.domain.PlaceholderMapping;
import io.medsieve.redaction.domain.SealedMapping;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The reversible map in PostgreSQL. Writes are idempotent: a redelivered event writes the same placeholders, and
 * the first row of each (tenant, document, placeholder) wins. Call inside a transaction.
 */
@ApplicationScoped
public class PlaceholderMapRepository implements PanacheRepositoryBase<PlaceholderMapping, Long> {

    private static final String INSERT_DOCUMENT = """
            insert into redacted_document (tenant_id, document_id, redaction_version, created_at)
            values (?1, ?2, ?3, ?4)
            on conflict (tenant_id, document_id) do nothing
            """;
    private static final String INSERT_MAPPING = """
            insert into placeholder_map (tenant_id, document_id, placeholder, phi_type, sealed_value, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6)
            on conflict (tenant_id, document_id, placeholder) do nothing
            """;
    private static final String DOCUMENT_EXISTS = """
            select count(*) from redacted_document where tenant_id = ?1 and document_id = ?2
            """;

    /** Records a redacted document and its placeholders. */
    public Uni<Void> record(String tenantId, String documentId, String redactionVersion,
                            List<SealedMapping> mappings, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_DOCUMENT)
                        .setParameter(1, tenantId)
                        .setParameter(2, documentId)
                        .setParameter(3, redactionVersion)
                        .setParameter(4, at)
                        .executeUpdate()
                .chain(() -> Multi.createFrom().iterable(mappings)
                        .onItem().transformToUniAndConcatenate(m -> session.createNativeQuery(INSERT_MAPPING)
                                .setParameter(1, tenantId)
                                .setParameter(2, documentId)
                                .setParameter(3, m.placeholder())
                                .setParameter(4, m.phiType())
                                .setParameter(5, m.sealedValue())
                                .setParameter(6, at)
                                .executeUpdate())
                        .collect().last())
                .replaceWithVoid());
    }

    /** Whether this tenant has a redacted document with this id. */
    public Uni<Boolean> documentExists(String tenantId, String documentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(DOCUMENT_EXISTS, Long.class)
                .setParameter(1, tenantId)
                .setParameter(2, documentId)
                .getSingleResult()
                .map(count -> count > 0));
    }

    /** The document's placeholders, sealed. */
    public Uni<List<PlaceholderMapping>> mappings(String tenantId, String documentId) {
        return list("tenantId = ?1 and documentId = ?2", tenantId, documentId);
    }
}
