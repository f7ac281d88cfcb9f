package io.medsieve.router.domain;

import io.medsieve.events.Route;

import java.util.List;
import java.util.Objects;

/**
 * Where a document's analysis may run and why: the content of a {@code DocumentRouted} event without its envelope.
 *
 * @param documentClass       the class the decision was made for
 * @param classConfidence     its confidence
 * @param tier                risk tier 1..3 (3 when the tier could not be established: fail closed)
 * @param route               where analysis may run
 * @param humanReviewRequired whether a person must review before anything is final
 * @param reasons             the rules that fired, in order, as {@code rule-id: plain-language explanation}
 * @param policyId            the policy applied, {@code none} if no valid policy was available
 * @param policyVersion       its version
 */
public record RoutingDecision(
        DocumentClass documentClass,
        double classConfidence,
        int tier,
        Route route,
        boolean humanReviewRequired,
        List<String> reasons,
        String policyId,
        String policyVersion) {

    public RoutingDecision {
        Objects.requireNonNull(documentClass, "documentClass");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(policyVersion, "policyVersion");
        reasons = List.copyOf(reasons);
        if (tier < 1 || tier > 3) {
            throw new IllegalArgumentException("tier must be 1..3");
        }
    }

    /** Whether the route hands the (redacted) text to a third party. */
    public boolean leavesTheMachine() {
        return route == Route.CLOUD_SYNC || route == Route.CLOUD_BATCH;
    }
}
