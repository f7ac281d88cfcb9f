package io.medsieve.llmcloud.config;

import io.medsieve.llmcloud.guard.EgressGuard;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.redaction.detect.EngineConfig;
import io.medsieve.redaction.detect.PhiEngine;
import io.medsieve.storage.blob.DocumentBlobs;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Plain-Java collaborators from the shared libraries, built once. */
@Singleton
public class CloudBeans {

    /**
     * The egress guard runs the redaction stage's own engine with the recall-first default policy: the strictest
     * setting any tenant starts from, so the guard never lets through what redaction's defaults would catch.
     */
    @Produces
    @Singleton
    EgressGuard egressGuard(DocumentBlobs blobs, CloudConfig config) {
        return new EgressGuard(blobs, new PhiEngine(EngineConfig.defaults()), config.redactedTextPurpose());
    }

    @Produces
    @Singleton
    PromptCatalog promptCatalog() {
        return PromptCatalog.standard();
    }
}
