package io.medsieve.router.repository;

import io.medsieve.events.Route;
import io.medsieve.router.domain.RoutingFeatures;

import java.time.Instant;

/**
 * A past routing decision and the non-PHI features it was made on.
 *
 * @param documentId    the routed document (an opaque id)
 * @param routedAt      when it was routed
 * @param features      what the decision was made on
 * @param tier          the tier decided
 * @param route         the route decided
 * @param humanReview   whether review was required
 * @param policyId      the policy applied
 * @param policyVersion its version
 */
public record RoutedDocument(String documentId, Instant routedAt, RoutingFeatures features, int tier, Route route,
                             boolean humanReview, String policyId, String policyVersion) {
}
