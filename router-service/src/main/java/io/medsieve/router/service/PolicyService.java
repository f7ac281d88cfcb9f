package io.medsieve.router.service;

import io.medsieve.router.policy.PolicyParser;
import io.medsieve.router.policy.TierPolicy;
import io.medsieve.router.repository.PolicyRepository;
import io.medsieve.router.repository.StoredPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.util.Optional;

/**
 * Which policy applies to a tenant: its latest stored version, or the bundled default when it has none. Stored
 * documents are parsed again on every use, so a policy that no longer validates (after a parser change, say) is
 * refused at decision time and the document fails closed, rather than being decided by half a policy.
 */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository repository;
    private final TierPolicy defaultPolicy;

    public PolicyService(PolicyRepository repository, @Named("default-policy") TierPolicy defaultPolicy) {
        this.repository = repository;
        this.defaultPolicy = defaultPolicy;
    }

    /**
     * The tenant's active policy, parsed. Fails with {@code InvalidPolicyException} for a stored policy that does
     * not validate, or with the database's error when it cannot be read: callers fail closed on both.
     */
    public Uni<TierPolicy> active(String tenantId) {
        return repository.latest(tenantId).map(stored -> stored.map(PolicyService::parse).orElse(defaultPolicy));
    }

    /** The stored active version, if the tenant has one. */
    public Uni<Optional<StoredPolicy>> stored(String tenantId) {
        return repository.latest(tenantId);
    }

    public TierPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /** A stored version as the engine uses it: the server's version number replaces any in the document. */
    public static TierPolicy parse(StoredPolicy stored) {
        return PolicyParser.parse(stored.document(), false).withVersion(Integer.toString(stored.version()));
    }
}
