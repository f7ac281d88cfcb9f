package io.medsieve.router.rest;

import java.time.Instant;

/**
 * A policy version as the API shows it.
 *
 * @param tenant    the tenant
 * @param policyId  the policy's own id
 * @param version   the version (server-numbered for tenant policies)
 * @param source    {@code tenant} for a stored policy, {@code default} for the bundled one
 * @param createdAt when it was stored, or null for the default
 * @param document  the YAML as uploaded (null in version listings)
 */
public record PolicyView(String tenant, String policyId, String version, String source, Instant createdAt,
                         String document) {
}
