package io.medsieve.router.policy;

import java.util.Objects;

/**
 * A cloud provider this deployment can reach, and the region it processes data in. A tenant's policy may only use
 * a provider that is both on its allow-list and in one of its regions.
 */
public record CloudProvider(String name, String region) {

    public CloudProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
    }

    /** Parses {@code name:region}, the form used in configuration. */
    public static CloudProvider parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("cloud provider must be written name:region");
        }
        return new CloudProvider(spec.substring(0, colon).strip(), spec.substring(colon + 1).strip());
    }
}
