package io.medsieve.router.service;

import io.medsieve.events.Route;

import java.util.List;
import java.util.Map;

/**
 * What a proposed policy would have decided for a tenant's recent documents, compared with what was decided.
 *
 * @param proposedPolicyId the proposed policy's id
 * @param evaluated        how many past decisions were re-evaluated
 * @param changed          how many of them would change route or review
 * @param transitions      counts per {@code CURRENT->PROPOSED} route change
 * @param changes          the changed decisions, newest first
 */
public record PolicySimulation(String proposedPolicyId, int evaluated, int changed, Map<String, Integer> transitions,
                               List<Change> changes) {

    /**
     * One decision that would change. Identified by document id only; everything else is a feature or a rule.
     */
    public record Change(String documentId, String routedAt, String documentClass, int currentTier,
                         Route currentRoute, boolean currentReview, String currentPolicyVersion, int proposedTier,
                         Route proposedRoute, boolean proposedReview, List<String> proposedReasons) {
    }
}
