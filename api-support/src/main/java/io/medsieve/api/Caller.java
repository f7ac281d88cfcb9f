package io.medsieve.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.regex.Pattern;

/**
 * Who is calling, as the bearer token says: the tenant comes from the token's {@value #TENANT_CLAIM} claim (a
 * Keycloak protocol mapper copies it from the user's or service account's attribute), never from a body, a path
 * or a header the caller controls. Resources ask this bean instead of reading the token, so the claim's name and
 * validation live in one place.
 */
@RequestScoped
public class Caller {

    /** The access-token claim naming the caller's tenant. */
    public static final String TENANT_CLAIM = "tenant";
    /** May act on any tenant's routing policy; never on documents, placeholders or the ledger. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Tenant ids end up in blob keys and record headers: keep them to a safe alphabet. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's tenant, or a 401 problem when the token carries none or a malformed one. */
    public String tenant() {
        String tenant = identity.getPrincipal() instanceof JsonWebToken token ? token.getClaim(TENANT_CLAIM) : null;
        if (tenant == null) {
            throw ProblemException.tenantRequired("The access token has no " + TENANT_CLAIM + " claim.");
        }
        if (!isTenantId(tenant)) {
            throw ProblemException.tenantRequired("The access token's " + TENANT_CLAIM + " claim is not a tenant id.");
        }
        return tenant;
    }

    /**
     * The tenant a path names, if the caller may act on it; otherwise 404 exactly as for a tenant that does not
     * exist, so tenants cannot be probed. Only a {@value #PLATFORM_ADMIN} may name another tenant, and only where
     * the resource passes {@code platformAdminMayCross} (data without PHI, such as routing policies).
     *
     * @param what the problem code's subject, e.g. {@code policy}
     */
    public String ownTenant(String pathTenant, String what, boolean platformAdminMayCross) {
        if (platformAdminMayCross && identity.hasRole(PLATFORM_ADMIN)) {
            if (pathTenant == null || !isTenantId(pathTenant)) {
                throw ProblemException.notFound(what);
            }
            return pathTenant;
        }
        if (!tenant().equals(pathTenant)) {
            throw ProblemException.notFound(what);
        }
        return pathTenant;
    }

    /** A name for security events and the audit trail: the token's subject, never request content. */
    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private static boolean isTenantId(String value) {
        return TENANT_ID.matcher(value).matches();
    }
}
