package io.medsieve.llmcloud.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A provider batch in flight.
 *
 * @param id              our id
 * @param tenantId        owner of every request in it
 * @param provider        provider name
 * @param model           model id
 * @param providerBatchId the provider's id
 * @param submittedAt     when it was created, for latency
 */
public record CloudBatch(UUID id, String tenantId, String provider, String model, String providerBatchId,
                         Instant submittedAt) {
}
