package io.medsieve.redaction.detect;

import java.util.EnumMap;
import java.util.Map;

/**
 * A tenant's detection policy: the minimum confidence a span needs, per type, to be redacted.
 *
 * <p>Why per type: a tenant that sends only referral letters may accept a lower bar for names (more redaction)
 * while keeping dates strict. Defaults favour recall, because a missed identifier is a leak while an extra
 * redaction only costs some context.
 */
public record EngineConfig(Map<PhiType, Double> minimumConfidence, double defaultMinimum) {

    /** Default bar: low enough that weak evidence (a bare dictionary surname) is still redacted. */
    public static final double DEFAULT_MINIMUM = 0.5;

    public EngineConfig {
        if (defaultMinimum < 0.0 || defaultMinimum > 1.0) {
            throw new IllegalArgumentException("defaultMinimum must be within [0, 1]");
        }
        EnumMap<PhiType, Double> copy = new EnumMap<>(PhiType.class);
        if (minimumConfidence != null) {
            minimumConfidence.forEach((type, value) -> {
                if (value == null || value < 0.0 || value > 1.0) {
                    throw new IllegalArgumentException("minimum confidence for " + type + " must be within [0, 1]");
                }
                copy.put(type, value);
            });
        }
        minimumConfidence = Map.copyOf(copy);
    }

    /** The recall-first policy every tenant starts with. */
    public static EngineConfig defaults() {
        return new EngineConfig(Map.of(), DEFAULT_MINIMUM);
    }

    /** A copy with one type's bar changed; the rest of the policy is kept. */
    public EngineConfig withMinimum(PhiType type, double minimum) {
        EnumMap<PhiType, Double> copy = new EnumMap<>(PhiType.class);
        copy.putAll(minimumConfidence);
        copy.put(type, minimum);
        return new EngineConfig(copy, defaultMinimum);
    }

    /** The bar a span of this type must reach. */
    public double minimumFor(PhiType type) {
        return minimumConfidence.getOrDefault(type, defaultMinimum);
    }

    /** Whether the policy redacts this span. */
    public boolean accepts(PhiSpan span) {
        return span.confidence() >= minimumFor(span.type());
    }
}
