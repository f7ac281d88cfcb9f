package io.medsieve.llmcloud.service;

import io.medsieve.llmcloud.config.CloudConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Estimated cost of a call from the configured price table (provider invoices remain the source of truth). */
@ApplicationScoped
public class Pricing {

    private final CloudConfig config;

    public Pricing(CloudConfig config) {
        this.config = config;
    }

    /** Cost in millionths of the currency, rounded up; batch calls get the configured discount. */
    public long costMicros(String model, long inputTokens, long outputTokens, boolean batch) {
        CloudConfig.Price price = config.prices().get(model);
        if (price == null) {
            throw new IllegalStateException("no price configured for the model");
        }
        long full = ceilDiv(Math.multiplyExact(inputTokens, price.inputPerMillionTokensMicros())
                + Math.multiplyExact(outputTokens, price.outputPerMillionTokensMicros()), 1_000_000L);
        return batch ? ceilDiv(full * (100 - price.batchDiscountPercent()), 100) : full;
    }

    public String currency() {
        return config.currency();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
