package io.medsieve.redaction.service;

import io.medsieve.api.ProblemException;
import io.medsieve.api.TenancyConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

/**
 * Decides who may turn placeholders back into PHI: only a caller holding {@value #ROLE}. The role comes from the
 * Quarkus {@link SecurityIdentity} (OIDC will fill it from the token); only where {@code medsieve.tenancy.trust-header}
 * is on (the embedded single-host stack and tests) may the {@value #ROLES_HEADER} header grant it instead. This is
 * the one seam to change when the identity provider arrives.
 */
@ApplicationScoped
public class ReidentificationAuthorizer {

    /** The role re-identification requires. */
    public static final String ROLE = "phi-reidentify";
    /** Comma-separated roles, trusted only with {@code medsieve.tenancy.trust-header=true}. */
    public static final String ROLES_HEADER = "X-MedSieve-Roles";

    private final SecurityIdentity identity;
    private final TenancyConfig tenancy;

    public ReidentificationAuthorizer(SecurityIdentity identity, TenancyConfig tenancy) {
        this.identity = identity;
        this.tenancy = tenancy;
    }

    /**
     * Checks the caller holds {@value #ROLE}.
     *
     * @param rolesHeader the {@value #ROLES_HEADER} header, or null
     * @return who the caller is, for the security event (a principal name, never request content)
     * @throws ProblemException 403 when the role is missing
     */
    public String authorize(String rolesHeader) {
        boolean granted = identity.hasRole(ROLE);
        boolean byHeader = false;
        if (!granted && tenancy.trustHeader() && rolesHeader != null) {
            byHeader = Arrays.stream(rolesHeader.split(",")).map(String::strip).anyMatch(ROLE::equals);
            granted = byHeader;
        }
        if (!granted) {
            throw new ProblemException(403, "role-required", "Forbidden",
                    "Re-identification requires the " + ROLE + " role.");
        }
        if (!identity.isAnonymous()) {
            return "user " + identity.getPrincipal().getName();
        }
        return byHeader ? "caller granted " + ROLE + " by the trusted " + ROLES_HEADER + " header" : "anonymous";
    }
}
