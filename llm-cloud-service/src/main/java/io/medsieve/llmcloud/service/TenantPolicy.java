package io.medsieve.llmcloud.service;

import io.medsieve.llmcloud.config.CloudConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which provider and model a tenant's documents go to, checked against the tenant's own allow-lists of providers,
 * models and regions. Anything missing or not allowed denies (fail closed): the document goes to human review.
 */
@ApplicationScoped
public class TenantPolicy {

    private final CloudConfig config;

    public TenantPolicy(CloudConfig config) {
        this.config = config;
    }

    /** The tenant's provider and model, or why it may not use the cloud. */
    public Decision resolve(String tenantId) {
        CloudConfig.Tenant tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            return new Decision.Denied("llm-cloud.tenant-not-configured",
                    "The tenant has no cloud analysis policy; the document needs human review.");
        }
        CloudConfig.Provider provider = config.providers().get(tenant.provider());
        if (provider == null || !tenant.allowedProviders().contains(tenant.provider())) {
            return new Decision.Denied("llm-cloud.provider-not-allowed",
                    "The tenant's provider is not configured or not on its allow-list.");
        }
        if (!tenant.allowedModels().contains(tenant.model())) {
            return new Decision.Denied("llm-cloud.model-not-allowed", "The tenant's model is not on its allow-list.");
        }
        if (!tenant.allowedRegions().contains(provider.region())) {
            return new Decision.Denied("llm-cloud.region-not-allowed",
                    "The provider's region is not on the tenant's allow-list.");
        }
        if (!config.prices().containsKey(tenant.model())) {
            return new Decision.Denied("llm-cloud.model-not-priced",
                    "The tenant's model has no price, so its budget cannot be enforced.");
        }
        return new Decision.Allowed(tenant.provider(), tenant.model());
    }

    /** The outcome of {@link #resolve}. */
    public sealed interface Decision {

        record Allowed(String provider, String model) implements Decision {
        }

        record Denied(String code, String reason) implements Decision {
        }
    }
}
