package io.medsieve.llmcloud.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, so many waiting documents do not hit a recovering provider at once. */
final class Backoff {

    private Backoff() {
    }

    /** A random delay in [base, min(max, base * 2^attempt)]. */
    static Duration delay(Duration base, Duration max, int attempt) {
        long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt, 20));
        long floor = Math.min(base.toMillis(), cap);
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(cap - floor + 1));
    }
}
