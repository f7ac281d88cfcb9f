package io.medsieve.llmcloud.domain;

/** Metered consumption of one provider call, added to the tenant's month. */
public record Usage(long inputTokens, long outputTokens, long costMicros) {
}
