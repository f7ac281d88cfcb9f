package io.medsieve.router.policy;

import io.medsieve.events.Priority;
import io.medsieve.events.Route;
import io.medsieve.router.domain.DocumentClass;
import io.medsieve.router.domain.RoutingDecision;
import io.medsieve.router.domain.RoutingFeatures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.medsieve.events.Priority.ROUTINE;
import static io.medsieve.events.Priority.URGENT;
import static io.medsieve.events.Route.CLOUD_BATCH;
import static io.medsieve.events.Route.CLOUD_SYNC;
import static io.medsieve.events.Route.HUMAN_ONLY;
import static io.medsieve.events.Route.LOCAL;
import static io.medsieve.router.domain.DocumentClass.BILLING_CLAIM;
import static io.medsieve.router.domain.DocumentClass.FULL_CHART;
import static io.medsieve.router.domain.DocumentClass.LAB_REPORT;
import static io.medsieve.router.domain.DocumentClass.OTHER;
import static io.medsieve.router.domain.DocumentClass.PSYCHIATRIC_NOTE;
import static io.medsieve.router.domain.DocumentClass.REFERRAL_LETTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the engine, one row each, against the bundled default policy (or a variant of it): the expected
 * route, review flag and the rule ids that must have fired. The fail-closed rows are the ones users rely on most:
 * nothing in them may ever reach a cloud route.
 */
class PolicyEngineTest {

    static final TierPolicy DEFAULT = defaultPolicy();
    static final PolicyEngine ENGINE = new PolicyEngine(List.of(new CloudProvider("azure-openai", "us"),
            new CloudProvider("mistral", "eu")));

    /** A routine, consented, well-read, small tier-1 referral: the document with nothing against it. */
    static RoutingFeatures clean(DocumentClass documentClass, Priority priority) {
        return new RoutingFeatures(documentClass, 0.9, priority, true, 92.0, 0, false, 3_000,
                Map.of("PERSON", 2, "DATE", 1));
    }

    static RoutingFeatures with(RoutingFeatures f, UnaryOperator<RoutingFeatures> change) {
        return change.apply(f);
    }

    static Stream<Arguments> rules() {
        RoutingFeatures referral = clean(REFERRAL_LETTER, ROUTINE);
        RoutingFeatures urgentReferral = clean(REFERRAL_LETTER, URGENT);
        return Stream.of(
                row("routine tier 1 with consent goes to cloud batch", DEFAULT, referral,
                        CLOUD_BATCH, false, "class.tier", "urgency.routine"),
                row("urgent tier 1 with consent goes to cloud sync with review", DEFAULT, urgentReferral,
                        CLOUD_SYNC, true, "class.tier", "urgency.urgent"),
                row("routine tier 2 claim goes to cloud batch", DEFAULT, clean(BILLING_CLAIM, ROUTINE),
                        CLOUD_BATCH, false, "urgency.routine"),
                row("tier 3 psychiatric note with consent stays local with review", DEFAULT,
                        clean(PSYCHIATRIC_NOTE, URGENT), LOCAL, true, "tier.review", "tier.no-cloud", "route.local"),
                row("tier 3 lab report stays local", DEFAULT, clean(LAB_REPORT, ROUTINE), LOCAL, true,
                        "tier.no-cloud", "route.local"),
                row("tier 3 full chart stays local", DEFAULT, clean(FULL_CHART, ROUTINE), LOCAL, true,
                        "route.local"),
                // Fail-closed and never-cloud rules.
                row("no consent never goes to cloud", DEFAULT, consent(urgentReferral, false), LOCAL, false,
                        "consent.absent", "route.local"),
                row("residual PHI never goes to cloud", DEFAULT, residual(urgentReferral), LOCAL, false,
                        "phi.residual", "route.local"),
                row("missing policy fails closed", null, urgentReferral, HUMAN_ONLY, true, "policy.missing"),
                row("unknown class fails closed", DEFAULT, classed(referral, OTHER, 0.9), HUMAN_ONLY, true,
                        "class.unknown"),
                row("class the policy does not map fails closed", without(DEFAULT, REFERRAL_LETTER), referral,
                        HUMAN_ONLY, true, "class.unknown"),
                row("low class confidence fails closed", DEFAULT, classed(urgentReferral, REFERRAL_LETTER, 0.3),
                        HUMAN_ONLY, true, "class.low-confidence"),
                row("low class confidence may stay local with review", lowConfidenceLocal(),
                        classed(urgentReferral, REFERRAL_LETTER, 0.3), LOCAL, true, "class.low-confidence"),
                row("no reachable provider on the allow-list keeps it local", providers(List.of("openai"), List.of("*")),
                        urgentReferral, LOCAL, false, "cloud.no-provider", "route.local"),
                row("data residency excludes every reachable provider", providers(List.of("*"), List.of("ca")),
                        urgentReferral, LOCAL, false, "cloud.no-provider"),
                row("residency matching one provider allows cloud", providers(List.of("mistral"), List.of("eu")),
                        urgentReferral, CLOUD_SYNC, true, "urgency.urgent"),
                row("over the cloud size cap stays local", DEFAULT, size(referral, 500_000), LOCAL, false,
                        "cloud.size-cap", "route.local"),
                row("urgent over the sync cap stays local", DEFAULT, size(urgentReferral, 100_000), LOCAL, false,
                        "cloud.sync-size-cap", "route.local"),
                row("routine over the sync cap still batches", DEFAULT, size(referral, 100_000), CLOUD_BATCH, false,
                        "urgency.routine"),
                row("low OCR confidence requires review (default)", DEFAULT, ocr(referral, 55.0, 0), CLOUD_BATCH,
                        true, "ocr.low-confidence", "urgency.routine"),
                row("low-confidence pages require review", DEFAULT, ocr(referral, 90.0, 2), CLOUD_BATCH, true,
                        "ocr.low-confidence"),
                row("low OCR confidence may mean human only", ocrHumanOnly(), ocr(referral, 55.0, 3), HUMAN_ONLY,
                        true, "ocr.low-confidence"),
                row("tier allowing only a person", humanOnlyTier1(), referral, HUMAN_ONLY, true,
                        "route.human-only"),
                row("tier allowing only sync cloud: routine uses it", syncOnlyTier1(), referral, CLOUD_SYNC, false,
                        "urgency.routine-sync"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String name, TierPolicy policy, RoutingFeatures features, Route route, boolean review,
              List<String> fired) {
        RoutingDecision decision = ENGINE.decide(features, policy);

        assertThat(decision.route()).as("route").isEqualTo(route);
        assertThat(decision.humanReviewRequired()).as("review").isEqualTo(review);
        assertThat(decision.reasons()).extracting(r -> r.substring(0, r.indexOf(':'))).containsAll(fired);
        if (!features.cloudConsent() || features.residualPhi() || policy == null
                || features.classConfidence() < (policy == null ? 1 : policy.classification().minConfidence())) {
            assertThat(decision.leavesTheMachine()).isFalse();
        }
    }

    @Test
    void failClosedReportsTheHighestTierAndNoPolicy() {
        RoutingDecision decision = ENGINE.decide(clean(REFERRAL_LETTER, URGENT), null);
        assertThat(decision.tier()).isEqualTo(3);
        assertThat(decision.policyId()).isEqualTo("none");
        assertThat(decision.policyVersion()).isEqualTo("none");
    }

    @Test
    void reasonsCarryNoDocumentContent() {
        RoutingDecision decision = ENGINE.decide(ocr(consent(clean(REFERRAL_LETTER, URGENT), false), 40, 2), DEFAULT);
        assertThat(decision.reasons()).allSatisfy(reason -> assertThat(reason).matches("[a-z.-]+: [A-Z].*"));
        assertThat(decision.policyId()).isEqualTo("medsieve-default");
        assertThat(decision.policyVersion()).isEqualTo("default-1");
    }

    @Test
    void noDeploymentProviderMeansNoCloud() {
        RoutingDecision decision = new PolicyEngine(List.of()).decide(clean(REFERRAL_LETTER, URGENT), DEFAULT);
        assertThat(decision.route()).isEqualTo(LOCAL);
    }

    private static Arguments row(String name, TierPolicy policy, RoutingFeatures features, Route route,
                                 boolean review, String... fired) {
        return Arguments.of(name, policy, features, route, review, List.of(fired));
    }

    private static RoutingFeatures consent(RoutingFeatures f, boolean consent) {
        return new RoutingFeatures(f.documentClass(), f.classConfidence(), f.priority(), consent,
                f.ocrMeanConfidence(), f.lowConfidencePages(), f.residualPhi(), f.redactedBytes(), f.entityCounts());
    }

    private static RoutingFeatures residual(RoutingFeatures f) {
        return new RoutingFeatures(f.documentClass(), f.classConfidence(), f.priority(), f.cloudConsent(),
                f.ocrMeanConfidence(), f.lowConfidencePages(), true, f.redactedBytes(), f.entityCounts());
    }

    private static RoutingFeatures classed(RoutingFeatures f, DocumentClass documentClass, double confidence) {
        return new RoutingFeatures(documentClass, confidence, f.priority(), f.cloudConsent(),
                f.ocrMeanConfidence(), f.lowConfidencePages(), f.residualPhi(), f.redactedBytes(), f.entityCounts());
    }

    private static RoutingFeatures size(RoutingFeatures f, long bytes) {
        return new RoutingFeatures(f.documentClass(), f.classConfidence(), f.priority(), f.cloudConsent(),
                f.ocrMeanConfidence(), f.lowConfidencePages(), f.residualPhi(), bytes, f.entityCounts());
    }

    private static RoutingFeatures ocr(RoutingFeatures f, double mean, int lowPages) {
        return new RoutingFeatures(f.documentClass(), f.classConfidence(), f.priority(), f.cloudConsent(),
                mean, lowPages, f.residualPhi(), f.redactedBytes(), f.entityCounts());
    }

    private static TierPolicy without(TierPolicy p, DocumentClass documentClass) {
        var classes = new java.util.EnumMap<DocumentClass, Integer>(p.classes());
        classes.remove(documentClass);
        return new TierPolicy(p.policyId(), p.version(), p.classification(), classes, p.tiers(), p.ocr(), p.cloud());
    }

    private static TierPolicy lowConfidenceLocal() {
        TierPolicy p = DEFAULT;
        return new TierPolicy(p.policyId(), p.version(), new TierPolicy.ClassificationRules(0.5, LOCAL),
                p.classes(), p.tiers(), p.ocr(), p.cloud());
    }

    private static TierPolicy providers(List<String> providers, List<String> regions) {
        TierPolicy p = DEFAULT;
        return new TierPolicy(p.policyId(), p.version(), p.classification(), p.classes(), p.tiers(), p.ocr(),
                new TierPolicy.CloudRules(providers, regions, p.cloud().maxSyncBytes(), p.cloud().maxBatchBytes()));
    }

    private static TierPolicy ocrHumanOnly() {
        TierPolicy p = DEFAULT;
        return new TierPolicy(p.policyId(), p.version(), p.classification(), p.classes(), p.tiers(),
                new TierPolicy.OcrRules(70, 0, TierPolicy.LowOcrAction.HUMAN_ONLY), p.cloud());
    }

    private static TierPolicy humanOnlyTier1() {
        return tier1(java.util.Set.of(HUMAN_ONLY));
    }

    private static TierPolicy syncOnlyTier1() {
        return tier1(java.util.Set.of(CLOUD_SYNC, HUMAN_ONLY));
    }

    private static TierPolicy tier1(java.util.Set<Route> routes) {
        TierPolicy p = DEFAULT;
        var tiers = new java.util.TreeMap<>(p.tiers());
        tiers.put(1, new TierPolicy.TierRules(routes, false));
        return new TierPolicy(p.policyId(), p.version(), p.classification(), p.classes(), tiers, p.ocr(), p.cloud());
    }

    static TierPolicy defaultPolicy() {
        try (InputStream in = PolicyEngineTest.class.getResourceAsStream("/policies/default.yaml")) {
            return PolicyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
