package io.medsieve.llmcloud.service;

import io.medsieve.llmcloud.config.CloudConfig;
import io.medsieve.llmcloud.provider.ModelRequest;
import io.medsieve.prompts.ChatMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/** Estimated cost of a call from the configured price table (provider invoices remain the source of truth). */
@ApplicationScoped
public class Pricing {

    /** Tokens a chat format spends on one message's role and delimiters (a few today; generous on purpose). */
    private static final int MESSAGE_FRAMING_TOKENS = 16;

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

    /**
     * The most a call can cost, reserved on the budget before it is sent: every token spans at least one byte of
     * text, so the prompt's UTF-8 length (plus a margin for each message's framing) bounds the input tokens, and the
     * request's output cap bounds the output.
     */
    public long upperBoundMicros(ModelRequest request, boolean batch) {
        long inputTokens = 0;
        for (ChatMessage message : request.prompt().messages()) {
            inputTokens += message.content().getBytes(StandardCharsets.UTF_8).length + MESSAGE_FRAMING_TOKENS;
        }
        return costMicros(request.model(), inputTokens, request.maxOutputTokens(), batch);
    }

    public String currency() {
        return config.currency();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
