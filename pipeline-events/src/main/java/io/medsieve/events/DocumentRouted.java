package io.medsieve.events;

import java.util.List;
import java.util.Objects;

/**
 * The router decided where the document's analysis may run, and why.
 *
 * @param documentClass        classifier label, e.g. {@code REFERRAL_LETTER}
 * @param classConfidence      classifier confidence, 0..1
 * @param tier                 risk tier (1 lowest, 3 highest)
 * @param route                where analysis may run
 * @param humanReviewRequired  whether a person must review before anything is final
 * @param reasons              the rules that fired, in order, in plain language without PHI
 * @param policyId             the tenant policy applied
 * @param policyVersion        its version
 * @param payload              for cloud routes the redacted text; for LOCAL the text the local model may read
 * @param intake               the submitter's priority, tasks and consent, carried forward from ingest
 */
public record DocumentRouted(
        EventHeader header,
        String documentClass,
        double classConfidence,
        int tier,
        Route route,
        boolean humanReviewRequired,
        List<String> reasons,
        String policyId,
        String policyVersion,
        ContentRef payload,
        Intake intake) implements PipelineEvent {

    public static final String TYPE = "DocumentRouted";
    public static final int SCHEMA_VERSION = 1;

    public DocumentRouted {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(documentClass, "documentClass");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(intake, "intake");
        reasons = List.copyOf(reasons);
    }
}
