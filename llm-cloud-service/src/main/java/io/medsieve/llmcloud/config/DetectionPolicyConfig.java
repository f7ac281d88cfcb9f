package io.medsieve.llmcloud.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The tenants' PHI detection policies, read from the redaction stage's own keys ({@code medsieve.redaction.*}, see
 * redaction-service's README): one source of truth, so the egress guard applies exactly the thresholds a tenant's
 * documents were redacted with. Only the detection keys are mapped; the redaction stage's other settings under the
 * same prefix (date shifting, the PDF) are not this stage's business.
 */
@ConfigMapping(prefix = "medsieve.redaction")
public interface DetectionPolicyConfig {

    /** Minimum detector confidence (0..1) for every tenant without its own; redaction's default. */
    @WithDefault("0.5")
    double minConfidence();

    /** Per-tenant overrides, keyed by tenant id. */
    Map<String, TenantDetection> tenants();

    /** What one tenant changes in detection. */
    interface TenantDetection {

        /** The tenant's bar for every type without its own. */
        OptionalDouble minConfidence();

        /** Per-type bars, keyed by {@code PhiType} name (e.g. {@code NAME=0.7}). */
        Map<String, Double> types();
    }
}
