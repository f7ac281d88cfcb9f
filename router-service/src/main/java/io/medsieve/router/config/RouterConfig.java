package io.medsieve.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** Deployment settings of the router; routing rules themselves live in the tenant policies. */
@ConfigMapping(prefix = "medsieve.router")
public interface RouterConfig {

    /**
     * Cloud providers this deployment can reach, as {@code name:region}. A tenant policy can only allow what is
     * listed here; an empty list means no document of any tenant goes to a cloud.
     */
    List<String> cloudProviders();

    /** Classpath resource of the policy for tenants without one of their own. */
    @WithDefault("policies/default.yaml")
    String defaultPolicy();

    /**
     * Blob purpose under which the redaction stage stores the redacted text. Must match
     * {@code BlobPurposes.REDACTED_TEXT} in pipeline-events (being added there in parallel); this is the one place
     * the router names it.
     */
    @WithDefault("redacted-text")
    String redactedTextPurpose();

    /** Threads that classify documents (the embedding model is CPU-bound). */
    @WithDefault("1")
    int classifierThreads();

    /** Most past decisions one simulation may re-evaluate. */
    @WithDefault("1000")
    int maxSimulatedDocuments();
}
