package io.medsieve.router.policy;

import io.medsieve.events.Priority;
import io.medsieve.events.Route;
import io.medsieve.router.domain.DocumentClass;
import io.medsieve.router.domain.RoutingDecision;
import io.medsieve.router.domain.RoutingFeatures;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies a tier policy to a document's features. A pure function of its inputs, so the same code decides live
 * traffic and simulates proposed policies over stored features.
 *
 * <p>Hard rules no policy can switch off: no consent, residual PHI, an unknown class, a low-confidence class or a
 * missing policy never reach a cloud route. Each rule that fired is one reason, {@code rule-id: explanation}.
 */
public final class PolicyEngine {

    /** Policy id and version reported when no valid policy was available. */
    public static final String NO_POLICY = "none";
    /** Tier reported when the tier could not be established: the highest, so everything downstream is careful. */
    public static final int UNKNOWN_TIER = 3;

    private static final Set<Route> CLOUD = EnumSet.of(Route.CLOUD_SYNC, Route.CLOUD_BATCH);

    private final List<CloudProvider> availableProviders;

    public PolicyEngine(List<CloudProvider> availableProviders) {
        this.availableProviders = List.copyOf(availableProviders);
    }

    /** Decides with the tenant's policy, or fails closed to HUMAN_ONLY when there is none. */
    public RoutingDecision decide(RoutingFeatures features, TierPolicy policy) {
        if (policy == null) {
            return failClosed(features, List.of("policy.missing: No valid routing policy is available for this"
                    + " tenant, so only a person may handle the document."), NO_POLICY, NO_POLICY);
        }
        String id = policy.policyId();
        String version = policy.version();
        List<String> reasons = new ArrayList<>();
        DocumentClass documentClass = features.documentClass();
        Integer tier = policy.classes().get(documentClass);
        if (documentClass == DocumentClass.OTHER || tier == null) {
            reasons.add("class.unknown: The document type could not be established (" + documentClass
                    + ", confidence " + percent(features.classConfidence()) + ") or the policy gives it no tier,"
                    + " so only a person may handle it.");
            return failClosed(features, reasons, id, version);
        }
        TierPolicy.TierRules rules = policy.tiers().get(tier);
        reasons.add("class.tier: Classified as " + documentClass + " (confidence "
                + percent(features.classConfidence()) + "), which the policy puts in tier " + tier + ".");

        if (features.classConfidence() < policy.classification().minConfidence()) {
            Route fallback = policy.classification().lowConfidenceRoute();
            if (!rules.routes().contains(fallback)) {
                fallback = Route.HUMAN_ONLY;
            }
            reasons.add("class.low-confidence: The classification confidence is below the policy's "
                    + percent(policy.classification().minConfidence()) + ", so the document stays on the machine"
                    + " (" + fallback + ") and needs review.");
            return new RoutingDecision(documentClass, features.classConfidence(), tier, fallback, true, reasons, id,
                    version);
        }

        boolean review = rules.humanReview();
        if (review) {
            reasons.add("tier.review: The policy requires a reviewer for every tier " + tier + " document.");
        }
        Set<Route> allowed = EnumSet.noneOf(Route.class);
        allowed.addAll(rules.routes());
        if (!containsCloud(rules.routes())) {
            reasons.add("tier.no-cloud: The policy allows no cloud route for tier " + tier + ".");
        }
        if (!features.cloudConsent()) {
            allowed.removeAll(CLOUD);
            reasons.add("consent.absent: The patient did not consent to cloud processing.");
        }
        if (features.residualPhi()) {
            allowed.removeAll(CLOUD);
            reasons.add("phi.residual: Redaction's final check still found identifiers, so the text may not leave"
                    + " the machine.");
        }
        if (containsCloud(allowed) && !providerAvailable(policy.cloud())) {
            allowed.removeAll(CLOUD);
            reasons.add("cloud.no-provider: No cloud provider this deployment can reach is on the tenant's"
                    + " allow-list in an allowed region.");
        }
        if (containsCloud(allowed) && features.redactedBytes() > policy.cloud().maxBatchBytes()) {
            allowed.removeAll(CLOUD);
            reasons.add("cloud.size-cap: The redacted text (" + features.redactedBytes() + " bytes) exceeds the"
                    + " policy's cloud cap of " + policy.cloud().maxBatchBytes() + " bytes.");
        } else if (allowed.contains(Route.CLOUD_SYNC) && features.redactedBytes() > policy.cloud().maxSyncBytes()) {
            allowed.remove(Route.CLOUD_SYNC);
            reasons.add("cloud.sync-size-cap: The redacted text (" + features.redactedBytes() + " bytes) exceeds"
                    + " the policy's synchronous cap of " + policy.cloud().maxSyncBytes() + " bytes.");
        }

        TierPolicy.OcrRules ocr = policy.ocr();
        if (features.ocrMeanConfidence() < ocr.minMeanConfidence()
                || features.lowConfidencePages() > ocr.maxLowConfidencePages()) {
            String doubt = "ocr.low-confidence: The text was read with low confidence (mean "
                    + String.format(Locale.ROOT, "%.0f", features.ocrMeanConfidence()) + ", "
                    + features.lowConfidencePages() + " low-confidence page(s))";
            if (ocr.action() == TierPolicy.LowOcrAction.HUMAN_ONLY) {
                reasons.add(doubt + ", so only a person may handle it.");
                return new RoutingDecision(documentClass, features.classConfidence(), tier, Route.HUMAN_ONLY, true,
                        reasons, id, version);
            }
            reasons.add(doubt + ", so a reviewer must check the result.");
            review = true;
        }

        Route route;
        if (features.priority() == Priority.URGENT && allowed.contains(Route.CLOUD_SYNC)) {
            route = Route.CLOUD_SYNC;
            review = true;
            reasons.add("urgency.urgent: Urgent and cloud is allowed: synchronous cloud analysis, with a reviewer.");
        } else if (features.priority() == Priority.ROUTINE && allowed.contains(Route.CLOUD_BATCH)) {
            route = Route.CLOUD_BATCH;
            reasons.add("urgency.routine: Routine and cloud is allowed: cloud batch analysis.");
        } else if (features.priority() == Priority.ROUTINE && allowed.contains(Route.CLOUD_SYNC)) {
            route = Route.CLOUD_SYNC;
            reasons.add("urgency.routine-sync: Routine, and of the cloud routes only synchronous is allowed.");
        } else if (allowed.contains(Route.LOCAL)) {
            route = Route.LOCAL;
            reasons.add("route.local: No cloud route is allowed for this document: on-premises analysis.");
        } else {
            route = Route.HUMAN_ONLY;
            reasons.add("route.human-only: Neither a cloud nor the local route is allowed: only a person may"
                    + " handle the document.");
            review = true;
        }
        if (CLOUD.contains(route) && (!features.cloudConsent() || features.residualPhi())) {
            // Unreachable by construction; a guard so a future edit above cannot silently break the hard rules.
            throw new IllegalStateException("cloud route chosen despite a hard rule");
        }
        return new RoutingDecision(documentClass, features.classConfidence(), tier, route, review, reasons, id,
                version);
    }

    /** The decision when the tier or the policy could not be established. */
    public static RoutingDecision failClosed(RoutingFeatures features, List<String> reasons, String policyId,
                                             String policyVersion) {
        return new RoutingDecision(features.documentClass(), features.classConfidence(), UNKNOWN_TIER,
                Route.HUMAN_ONLY, true, reasons, policyId, policyVersion);
    }

    private boolean providerAvailable(TierPolicy.CloudRules cloud) {
        return availableProviders.stream().anyMatch(provider ->
                (cloud.providers().contains("*") || cloud.providers().contains(provider.name()))
                        && (cloud.regions().contains("*") || cloud.regions().contains(provider.region())));
    }

    private static boolean containsCloud(Set<Route> routes) {
        return routes.contains(Route.CLOUD_SYNC) || routes.contains(Route.CLOUD_BATCH);
    }

    private static String percent(double confidence) {
        return String.format(Locale.ROOT, "%.0f%%", confidence * 100);
    }
}
