package io.medsieve.router.config;

import io.medsieve.router.classify.DocumentClassifier;
import io.medsieve.router.classify.LabelledExamples;
import io.medsieve.router.classify.MiniLmEmbedder;
import io.medsieve.router.policy.CloudProvider;
import io.medsieve.router.policy.PolicyEngine;
import io.medsieve.router.policy.PolicyParser;
import io.medsieve.router.policy.TierPolicy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Wires the plain-Java classifier and policy engine (plain so the benchmark builds them without CDI). Both are
 * built at start-up: a broken default policy or a missing model stops the service instead of failing every
 * document.
 */
@Singleton
public class RouterBeans {

    @Produces
    @Singleton
    @Startup
    DocumentClassifier classifier() {
        return new DocumentClassifier(new MiniLmEmbedder(), LabelledExamples.training());
    }

    @Produces
    @Singleton
    PolicyEngine engine(RouterConfig config) {
        return new PolicyEngine(config.cloudProviders().stream().map(CloudProvider::parse).toList());
    }

    /** The bundled default policy, validated like any tenant's. */
    @Produces
    @Singleton
    @Startup
    @Named("default-policy")
    TierPolicy defaultPolicy(RouterConfig config) {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(config.defaultPolicy())) {
            if (in == null) {
                throw new IllegalStateException("default policy resource not found: " + config.defaultPolicy());
            }
            return PolicyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
