package io.medsieve.router.repository;

import java.time.Instant;

/** One stored version of a tenant's policy, as uploaded. */
public record StoredPolicy(String tenantId, int version, String policyId, String document, Instant createdAt) {
}
