package io.medsieve.audit.service;

import io.medsieve.audit.config.AuditConfig;
import io.medsieve.audit.verify.DatabaseChainVerifier;
import io.medsieve.audit.verify.VerificationReport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;

/**
 * Server-side full verification: every entry hash and link recomputed, then every signed tree head's root and
 * signature, with the same rules the offline verifier applies. It reads the ledger over JDBC (the runtime login,
 * SELECT only) in parallel stretches from one database snapshot ({@link DatabaseChainVerifier}) rather than through
 * Hibernate Reactive, because materialising a million entities was most of the cost; the blocking reads and the
 * hashing run off the event loop.
 */
@ApplicationScoped
public class VerificationService {

    private final DatabaseChainVerifier verifier;
    private final SigningKeys signing;

    public VerificationService(DataSource dataSource, AuditConfig config, SigningKeys signing) {
        AuditConfig.Verification settings = config.verification();
        this.verifier = new DatabaseChainVerifier(dataSource,
                settings.parallelism().orElse(Runtime.getRuntime().availableProcessors()),
                settings.segmentEntries());
        this.signing = signing;
    }

    /** Verifies the whole ledger and names the first broken entry. */
    public Uni<VerificationReport> verifyAll() {
        return Uni.createFrom().item(Unchecked.supplier(() -> verifier.verify(signing.publicKey())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
