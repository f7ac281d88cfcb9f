package io.medsieve.llmcloud.service;

import io.medsieve.llmcloud.config.CloudConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-tenant request rate, on a clock the test controls (no timing in the assertion). */
@QuarkusTest
class RateLimiterTest {

    @Inject
    CloudConfig config;

    @Test
    void allowsTheConfiguredRequestsPerMinuteThenRefillsContinuously() {
        RateLimiter limiter = new RateLimiter(config);
        long start = 1_000_000_000L;
        // tenant-broke keeps the default of 60 requests per minute.
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire("tenant-broke", start)).isTrue();
        }
        assertThat(limiter.tryAcquire("tenant-broke", start)).isFalse();
        // Other tenants have their own allowance.
        assertThat(limiter.tryAcquire("tenant-openai", start)).isTrue();
        // One second later exactly one more request is allowed.
        assertThat(limiter.tryAcquire("tenant-broke", start + 1_000_000_000L)).isTrue();
        assertThat(limiter.tryAcquire("tenant-broke", start + 1_000_000_000L)).isFalse();
        // A tenant without policy gets nothing.
        assertThat(limiter.tryAcquire("tenant-unknown", start)).isFalse();
    }
}
