package io.medsieve.redaction.service;

import io.medsieve.redaction.config.RedactionConfig;
import io.medsieve.redaction.detect.EngineConfig;
import io.medsieve.redaction.detect.Lexicon;
import io.medsieve.redaction.detect.PhiEngine;
import io.medsieve.redaction.detect.PhiType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the configuration into one {@link PhiEngine} per tenant policy. The word lists are loaded once and shared
 * by every tenant's engine; engines are immutable, so one per tenant serves all pages in parallel. Configuration
 * errors (an unknown type, a bar outside 0..1) stop the service at start-up instead of redacting with a policy
 * nobody asked for.
 */
@ApplicationScoped
public class TenantPolicies {

    private final RedactionConfig config;
    private final Lexicon lexicon = new Lexicon();
    private final PhiEngine defaultEngine;
    private final Map<String, PhiEngine> engines = new ConcurrentHashMap<>();

    public TenantPolicies(RedactionConfig config) {
        this.config = config;
        this.defaultEngine = new PhiEngine(lexicon, new EngineConfig(Map.of(), config.minConfidence()));
        if (config.placeholderHexLength() < 8 || config.placeholderHexLength() > 64) {
            throw new IllegalArgumentException("medsieve.redaction.placeholder-hex-length must be within 8..64");
        }
        if (config.dateShift().maxDays() < 1) {
            throw new IllegalArgumentException("medsieve.redaction.date-shift.max-days must be at least 1");
        }
        config.tenants().forEach((tenant, policy) -> {
            policy.dateShiftMaxDays().ifPresent(days -> {
                if (days < 1) {
                    throw new IllegalArgumentException("date-shift-max-days of tenant " + tenant + " must be >= 1");
                }
            });
            engines.put(tenant, new PhiEngine(lexicon, engineConfig(tenant, policy)));
        });
    }

    /** The engine applying this tenant's thresholds. */
    public PhiEngine engine(String tenantId) {
        return engines.getOrDefault(tenantId, defaultEngine);
    }

    /** The largest date shift for this tenant, or empty when its dates are replaced by placeholders. */
    public OptionalInt dateShiftMaxDays(String tenantId) {
        RedactionConfig.TenantPolicy policy = config.tenants().get(tenantId);
        boolean enabled = policy != null && policy.dateShift().isPresent() ? policy.dateShift().get()
                : config.dateShift().enabled();
        if (!enabled) {
            return OptionalInt.empty();
        }
        if (policy != null && policy.dateShiftMaxDays().isPresent()) {
            return policy.dateShiftMaxDays();
        }
        return OptionalInt.of(config.dateShift().maxDays());
    }

    /** Hex digits per placeholder. */
    public int placeholderHexLength() {
        return config.placeholderHexLength();
    }

    private EngineConfig engineConfig(String tenant, RedactionConfig.TenantPolicy policy) {
        EnumMap<PhiType, Double> types = new EnumMap<>(PhiType.class);
        policy.types().forEach((name, minimum) -> {
            try {
                types.put(PhiType.valueOf(name), minimum);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown PHI type " + name + " in the policy of tenant " + tenant);
            }
        });
        return new EngineConfig(types, policy.minConfidence().orElse(config.minConfidence()));
    }
}
