package io.medsieve.llmcloud.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the cloud stage may do, per provider and per tenant. A tenant without an entry here gets no cloud
 * analysis at all (fail closed): its routed documents go to human review.
 */
@ConfigMapping(prefix = "medsieve.llm-cloud")
public interface CloudConfig {

    /** ISO 4217 currency of the price table and budgets. */
    @WithDefault("USD")
    String currency();

    /**
     * Blob purpose the redacted text is stored under. "redacted-text" is BlobPurposes.REDACTED_TEXT, which is being
     * added to pipeline-events in parallel; until then the literal lives here, once.
     */
    @WithDefault("redacted-text")
    String redactedTextPurpose();

    /** Hosted providers by name ({@code openai}, {@code anthropic}, {@code azure-openai}). */
    Map<String, Provider> providers();

    /** Per-tenant choice of provider and model, allow-lists, budget and rate limit. */
    Map<String, Tenant> tenants();

    /** Price per model id, for metering and budgets. */
    Map<String, Price> prices();

    Dispatch dispatch();

    /** One hosted provider endpoint. */
    interface Provider {

        /** {@code openai}, {@code anthropic} or {@code azure-openai}: which wire format it speaks. */
        String kind();

        /**
         * API root: {@code https://api.openai.com/v1}, {@code https://api.anthropic.com},
         * {@code https://<resource>.openai.azure.com}. Tests point it at a local stub.
         */
        URI baseUrl();

        /** Secret; from the environment (e.g. {@code OPENAI_API_KEY}), never from a properties file. */
        Optional<String> apiKey();

        /** Azure's {@code api-version} query parameter, or Anthropic's {@code anthropic-version} header. */
        Optional<String> apiVersion();

        /** Where the provider processes data, checked against the tenant's allowed regions. */
        String region();

        @WithDefault("120s")
        Duration timeout();

        @WithDefault("4096")
        int maxOutputTokens();
    }

    /** One tenant's cloud policy. */
    interface Tenant {

        /** Provider name (a key of {@link #providers()}). */
        String provider();

        /** Model id (for Azure: the deployment name). */
        String model();

        Set<String> allowedProviders();

        Set<String> allowedModels();

        Set<String> allowedRegions();

        /** Spend allowed per calendar month (UTC), in millionths of {@link #currency()}. */
        long monthlyBudgetMicros();

        /** Provider requests (a batch counts once) per minute. */
        @WithDefault("60")
        int requestsPerMinute();
    }

    /** Price of one model. */
    interface Price {

        long inputPerMillionTokensMicros();

        long outputPerMillionTokensMicros();

        /** Discount the provider gives batch requests (50 at OpenAI, Anthropic and Azure today). */
        @WithDefault("50")
        int batchDiscountPercent();
    }

    /** The durable work loop. */
    interface Dispatch {

        /** How often pending work and in-flight batches are looked at. */
        @WithDefault("2s")
        Duration interval();

        /** Attempts per request before it goes to human review. */
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("5s")
        Duration backoffBase();

        @WithDefault("15m")
        Duration backoffMax();

        /** Requests per provider batch. */
        @WithDefault("1000")
        int batchMaxRequests();

        /** How long a CLOUD_BATCH request may wait for others to share a batch with. */
        @WithDefault("60s")
        Duration batchGatherWindow();

        @WithDefault("60s")
        Duration batchPollInterval();

        /** Times a request may be put into a batch (the first and the resubmissions after expiry). */
        @WithDefault("2")
        int batchMaxSubmissions();

        /** Rows claimed per loop turn. */
        @WithDefault("50")
        int claimLimit();
    }
}
