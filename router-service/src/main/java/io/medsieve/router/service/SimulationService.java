package io.medsieve.router.service;

import io.medsieve.router.domain.RoutingDecision;
import io.medsieve.router.policy.PolicyEngine;
import io.medsieve.router.policy.TierPolicy;
import io.medsieve.router.repository.RoutedDocument;
import io.medsieve.router.repository.RoutedDocumentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What-if for policy authors: replays the stored, PHI-free features of a tenant's last N routed documents through
 * a proposed policy with the same engine that routes live traffic. No document text is read: classes and
 * confidences are the ones recorded at routing time.
 */
@ApplicationScoped
public class SimulationService {

    /** Version label of a policy under simulation (it has not been stored). */
    public static final String PROPOSED = "proposed";

    private final RoutedDocumentRepository routedDocuments;
    private final PolicyEngine engine;

    public SimulationService(RoutedDocumentRepository routedDocuments, PolicyEngine engine) {
        this.routedDocuments = routedDocuments;
        this.engine = engine;
    }

    public Uni<PolicySimulation> simulate(String tenantId, TierPolicy proposed, int limit) {
        TierPolicy policy = proposed.withVersion(PROPOSED);
        return routedDocuments.recent(tenantId, limit).map(history -> compare(policy, history));
    }

    private PolicySimulation compare(TierPolicy policy, List<RoutedDocument> history) {
        Map<String, Integer> transitions = new TreeMap<>();
        List<PolicySimulation.Change> changes = new ArrayList<>();
        for (RoutedDocument past : history) {
            RoutingDecision proposed = engine.decide(past.features(), policy);
            if (proposed.route() == past.route() && proposed.humanReviewRequired() == past.humanReview()
                    && proposed.tier() == past.tier()) {
                continue;
            }
            transitions.merge(past.route() + "->" + proposed.route(), 1, Integer::sum);
            changes.add(new PolicySimulation.Change(past.documentId(), past.routedAt().toString(),
                    past.features().documentClass().name(), past.tier(), past.route(), past.humanReview(),
                    past.policyVersion(), proposed.tier(), proposed.route(), proposed.humanReviewRequired(),
                    proposed.reasons()));
        }
        return new PolicySimulation(policy.policyId(), history.size(), changes.size(), transitions, changes);
    }
}
