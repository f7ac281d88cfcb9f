package io.medsieve.llmcloud.domain;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Route;

import java.util.UUID;

/**
 * One analysis task of one routed document, as persisted. Holds identifiers and the routed event (claim-check
 * only), never the document text.
 *
 * @param id               the future AnalysisProposed eventId; doubles as the batch {@code custom_id}
 * @param inputEventId     the DocumentRouted eventId
 * @param task             which analysis
 * @param tenantId         owner
 * @param documentId       document
 * @param route            CLOUD_SYNC or CLOUD_BATCH
 * @param provider         provider name chosen at intake from the tenant policy
 * @param model            model id chosen at intake
 * @param routedEvent      the DocumentRouted JSON
 * @param attempts         failed attempts so far
 * @param batchSubmissions how many batches it has been put into
 * @param batchId          our batch row id while in a batch
 */
public record AnalysisRequest(UUID id, String inputEventId, AnalysisTask task, String tenantId, String documentId,
                              Route route, String provider, String model, String routedEvent, int attempts,
                              int batchSubmissions, UUID batchId) {
}
