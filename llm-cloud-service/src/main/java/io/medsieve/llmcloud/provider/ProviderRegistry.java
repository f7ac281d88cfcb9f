package io.medsieve.llmcloud.provider;

import io.medsieve.llmcloud.config.CloudConfig;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The configured providers, each behind its own circuit breaker (SmallRye Fault Tolerance): after a run of
 * retryable failures the breaker opens and calls fail fast for a while, so the stage stops hammering a provider that
 * is down while the affected documents wait in the database. Client errors (4xx other than 408/409/429) do not trip
 * it. Retries themselves are not done here but from the database with backoff and jitter, so they survive restarts.
 */
@ApplicationScoped
public class ProviderRegistry {

    private final CloudConfig config;
    private final Map<String, Guarded> providers = new ConcurrentHashMap<>();

    public ProviderRegistry(CloudConfig config) {
        this.config = config;
    }

    /**
     * Runs {@code call} against the named provider through its breaker.
     *
     * @throws ProviderException a retryable one when the breaker is open
     */
    public <T> T call(String providerName, Function<CloudProvider, T> call, Class<T> type) {
        Guarded guarded = providers.computeIfAbsent(providerName, this::create);
        try {
            return guarded.guard.get(() -> call.apply(guarded.provider), type);
        } catch (CircuitBreakerOpenException e) {
            throw new ProviderException("circuit breaker open for provider " + providerName, 0, true);
        }
    }

    private Guarded create(String name) {
        CloudConfig.Provider settings = config.providers().get(name);
        if (settings == null) {
            throw new ProviderException("provider " + name + " is not configured", 0, false);
        }
        String key = settings.apiKey().filter(k -> !k.isBlank())
                .orElseThrow(() -> new ProviderException("provider " + name + " has no API key", 0, false));
        CloudProvider provider = switch (settings.kind()) {
            case "openai" -> new OpenAiProvider(name, OpenAiProvider.Dialect.OPENAI, settings.baseUrl(), key,
                    settings.apiVersion().orElse(null), settings.timeout());
            case "azure-openai" -> new OpenAiProvider(name, OpenAiProvider.Dialect.AZURE, settings.baseUrl(), key,
                    settings.apiVersion().orElseThrow(() -> new ProviderException(
                            "provider " + name + " needs an api-version", 0, false)), settings.timeout());
            case "anthropic" -> new AnthropicProvider(name, settings.baseUrl(), key,
                    settings.apiVersion().orElse(null), settings.timeout());
            default -> throw new ProviderException("provider " + name + " has an unknown kind", 0, false);
        };
        Guard guard = Guard.create().withDescription("llm-cloud provider " + name)
                .withCircuitBreaker()
                .when(t -> t instanceof ProviderException p && p.retryable())
                .requestVolumeThreshold(4).failureRatio(0.75).delay(30, ChronoUnit.SECONDS).successThreshold(1)
                .done()
                .build();
        return new Guarded(provider, guard);
    }

    /** Max answer length configured for the provider. */
    public int maxOutputTokens(String providerName) {
        CloudConfig.Provider settings = config.providers().get(providerName);
        return settings == null ? 1024 : settings.maxOutputTokens();
    }

    private record Guarded(CloudProvider provider, Guard guard) {
    }
}
