package io.medsieve.router.policy;

import io.medsieve.events.Route;
import io.medsieve.router.domain.DocumentClass;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's routing policy as parsed and validated by {@link PolicyParser}. Only a policy that passed validation
 * exists as an instance, so the engine never has to guess what a missing field means.
 *
 * @param policyId       the tenant's name for the policy, e.g. {@code acme-clinical}
 * @param version        version as stored (the server numbers tenant versions; the default file carries its own)
 * @param classification when to distrust the classifier
 * @param classes        class to tier; a class missing here is unknown to the policy and never leaves the machine
 * @param tiers          tier to the routes it allows and whether it always needs a reviewer
 * @param ocr            when to distrust the OCR
 * @param cloud          where cloud processing may happen and how large a document may be sent
 */
public record TierPolicy(
        String policyId,
        String version,
        ClassificationRules classification,
        Map<DocumentClass, Integer> classes,
        Map<Integer, TierRules> tiers,
        OcrRules ocr,
        CloudRules cloud) {

    /** The same policy under another version (the server's number for a stored tenant policy). */
    public TierPolicy withVersion(String newVersion) {
        return new TierPolicy(policyId, newVersion, classification, classes, tiers, ocr, cloud);
    }

    /**
     * @param minConfidence    below this classifier confidence the class is not trusted
     * @param lowConfidenceRoute HUMAN_ONLY, or LOCAL (always with review)
     */
    public record ClassificationRules(double minConfidence, Route lowConfidenceRoute) {
    }

    /**
     * @param routes      the routes documents of this tier may take
     * @param humanReview whether every decision for this tier needs a reviewer
     */
    public record TierRules(Set<Route> routes, boolean humanReview) {
    }

    /** What to do with a document the OCR stage was unsure about. */
    public enum LowOcrAction {
        /** Route as usual but require a reviewer. */
        REVIEW,
        /** Only a person handles it. */
        HUMAN_ONLY
    }

    /**
     * @param minMeanConfidence     mean OCR word confidence (0..100) below which the text is doubtful
     * @param maxLowConfidencePages more flagged pages than this make the text doubtful
     * @param action                what happens to a doubtful document
     */
    public record OcrRules(double minMeanConfidence, int maxLowConfidencePages, LowOcrAction action) {
    }

    /**
     * @param providers     cloud providers the tenant allows (names as the deployment configures them)
     * @param regions       regions the tenant's data may be processed in
     * @param maxSyncBytes  largest redacted text sent to a synchronous cloud call (cost and latency cap)
     * @param maxBatchBytes largest redacted text sent to a cloud batch job (cost cap)
     */
    public record CloudRules(List<String> providers, List<String> regions, long maxSyncBytes, long maxBatchBytes) {
    }
}
