package io.medsieve.llmcloud.guard;

import io.medsieve.llmcloud.config.DetectionPolicyConfig;
import io.medsieve.redaction.detect.EngineConfig;
import io.medsieve.redaction.detect.Lexicon;
import io.medsieve.redaction.detect.PhiEngine;
import io.medsieve.redaction.detect.PhiType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link PhiEngine} per tenant detection policy, as the redaction stage configures it: the egress guard must
 * hold a tenant's text to the tenant's own thresholds (a tenant with a stricter policy gets a stricter guard), not
 * to a default. The word lists are loaded once and shared; an unknown type or a bar outside 0..1 stops the service
 * at start-up, as it does the redaction stage.
 */
@ApplicationScoped
public class DetectionPolicies {

    private final PhiEngine defaultEngine;
    private final Map<String, PhiEngine> engines = new HashMap<>();

    public DetectionPolicies(DetectionPolicyConfig config) {
        Lexicon lexicon = new Lexicon();
        this.defaultEngine = new PhiEngine(lexicon, new EngineConfig(Map.of(), config.minConfidence()));
        config.tenants().forEach((tenant, policy) -> {
            EnumMap<PhiType, Double> types = new EnumMap<>(PhiType.class);
            policy.types().forEach((name, minimum) -> {
                try {
                    types.put(PhiType.valueOf(name), minimum);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown PHI type " + name + " in the policy of tenant "
                            + tenant);
                }
            });
            engines.put(tenant, new PhiEngine(lexicon,
                    new EngineConfig(types, policy.minConfidence().orElse(config.minConfidence()))));
        });
    }

    /** The engine applying this tenant's thresholds (redaction's default policy for a tenant without one). */
    public PhiEngine engine(String tenantId) {
        return engines.getOrDefault(tenantId, defaultEngine);
    }
}
