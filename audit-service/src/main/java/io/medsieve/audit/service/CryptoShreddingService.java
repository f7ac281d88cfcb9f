package io.medsieve.audit.service;

import io.medsieve.audit.config.AuditConfig;
import io.medsieve.audit.verify.EntryData;
import io.medsieve.storage.crypto.KeyProvider;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Crypto-shreds a tenant: destroys its key in the key provider (local keyring or Vault Transit) and appends the
 * erasure to the ledger in the same call, so there is never a destroyed key without evidence nor evidence of an
 * erasure that did not happen. Destroying is idempotent, so a retry after a failed append destroys nothing twice.
 *
 * <p>Afterwards every blob, sealed Kafka record and placeholder map of the tenant fails with
 * {@code KeyUnavailableException} / {@code envelope.key-unavailable}, and the ledger, which holds no ciphertext
 * and no key-derived values, still verifies.
 */
@ApplicationScoped
public class CryptoShreddingService {

    /** Reason code recorded when the caller gives none. */
    public static final String DEFAULT_REASON = "tenant-admin.request";
    private static final Logger LOG = Logger.getLogger(CryptoShreddingService.class);

    private final KeyProvider keys;
    private final ErasureService erasures;
    private final String platformTenant;

    public CryptoShreddingService(KeyProvider keys, ErasureService erasures, AuditConfig config) {
        this.keys = keys;
        this.erasures = erasures;
        this.platformTenant = config.signing().keyTenant();
    }

    /**
     * Destroys the tenant key, then records the erasure.
     *
     * @throws IllegalArgumentException if {@code tenantId} is the platform pseudo-tenant holding the ledger's
     *                                  signing key: no tenant admin may erase the ledger's own key
     */
    public Uni<EntryData> shredTenant(String tenantId, String reasonCode) {
        if (platformTenant.equals(tenantId)) {
            throw new IllegalArgumentException("the platform key is not a tenant key");
        }
        // Key providers block (file lock, Vault HTTP): off the event loop, then back on the caller's Vert.x context,
        // where Hibernate Reactive appends.
        Context context = Vertx.currentContext();
        Uni<String> destroyed = Uni.createFrom().item(() -> {
                    keys.destroyTenantKey(tenantId);
                    return tenantId;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (context != null) {
            destroyed = destroyed.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        return destroyed
                .invoke(() -> LOG.infof("Tenant key destroyed on a tenant admin's request (%s)", reasonCode))
                .chain(() -> erasures.record(tenantId, ErasureService.Scope.TENANT, null, null, reasonCode));
    }
}
