package io.medsieve.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.regex.Pattern;

/**
 * Establishes the caller's tenant. Until the identity provider is wired in (the tenant will then come from a token
 * claim), the only source is the {@value #HEADER} header, and only where configuration explicitly trusts it.
 * Everywhere else every request is refused.
 */
@ApplicationScoped
public class TenantResolver {

    public static final String HEADER = "X-MedSieve-Tenant";
    /** Tenant ids end up in blob keys and record headers: keep them to a safe alphabet. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final TenancyConfig config;

    public TenantResolver(TenancyConfig config) {
        this.config = config;
    }

    /** The tenant for this request, or a 401 problem. */
    public String resolve(String headerValue) {
        if (!config.trustHeader()) {
            throw ProblemException.tenantRequired("No identity provider is configured for this deployment.");
        }
        if (headerValue == null || !TENANT_ID.matcher(headerValue).matches()) {
            throw ProblemException.tenantRequired("Send the " + HEADER + " header with a valid tenant id.");
        }
        return headerValue;
    }
}
