package io.medsieve.ingest.rest;

import io.medsieve.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.regex.Pattern;

/**
 * Establishes the caller's tenant. Until the identity provider is wired in (the tenant will then come from a token
 * claim), the only source is the {@value #HEADER} header, and only where configuration explicitly trusts it: the
 * embedded single-host stack and tests. Everywhere else every request is refused.
 */
@ApplicationScoped
public class TenantResolver {

    public static final String HEADER = "X-MedSieve-Tenant";
    /** Tenant ids end up in blob keys and topic headers: keep them to a safe alphabet. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final IngestConfig config;

    public TenantResolver(IngestConfig config) {
        this.config = config;
    }

    /** The tenant for this request, or a 401 problem. */
    public String resolve(String headerValue) {
        if (!config.tenancy().trustHeader()) {
            throw ApiProblemException.tenantRequired("No identity provider is configured for this deployment.");
        }
        if (headerValue == null || !TENANT_ID.matcher(headerValue).matches()) {
            throw ApiProblemException.tenantRequired("Send the " + HEADER + " header with a valid tenant id.");
        }
        return headerValue;
    }
}
