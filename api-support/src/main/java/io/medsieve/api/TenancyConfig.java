package io.medsieve.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service establishes the caller's tenant until OIDC arrives. */
@ConfigMapping(prefix = "medsieve.tenancy")
public interface TenancyConfig {

    /**
     * Whether the {@value TenantResolver#HEADER} header is trusted. Only for the embedded single-host stack and
     * tests: off by default, so a deployment without an identity provider refuses every request instead of letting
     * callers pick a tenant.
     */
    @WithDefault("false")
    boolean trustHeader();
}
