package io.medsieve.llmcloud.config;

import io.medsieve.llmcloud.guard.DetectionPolicies;
import io.medsieve.llmcloud.guard.EgressGuard;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.storage.blob.DocumentBlobs;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Plain-Java collaborators from the shared libraries, built once. */
@Singleton
public class CloudBeans {

    /** The egress guard runs the redaction stage's own engine under each tenant's own detection policy. */
    @Produces
    @Singleton
    EgressGuard egressGuard(DocumentBlobs blobs, DetectionPolicies policies, CloudConfig config) {
        return new EgressGuard(blobs, policies, config.redactedTextPurpose());
    }

    @Produces
    @Singleton
    PromptCatalog promptCatalog() {
        return PromptCatalog.standard();
    }
}
