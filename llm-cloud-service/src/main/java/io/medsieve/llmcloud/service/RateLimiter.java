package io.medsieve.llmcloud.service;

import io.medsieve.llmcloud.config.CloudConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant provider request rate (a token bucket refilled continuously). In memory and per instance on purpose:
 * a refused request is not lost, it stays PENDING in the database and is picked up on a later turn.
 */
@ApplicationScoped
public class RateLimiter {

    private final CloudConfig config;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(CloudConfig config) {
        this.config = config;
    }

    /** Takes one request from the tenant's allowance, if any is left. */
    public boolean tryAcquire(String tenantId, long nowNanos) {
        CloudConfig.Tenant tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            return false;
        }
        int perMinute = tenant.requestsPerMinute();
        return buckets.computeIfAbsent(tenantId, t -> new Bucket(perMinute, nowNanos)).take(perMinute, nowNanos);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(int perMinute, long now) {
            tokens = Math.min(perMinute, tokens + (now - last) * perMinute / 60e9);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
