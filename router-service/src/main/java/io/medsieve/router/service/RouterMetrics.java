package io.medsieve.router.service;

import io.medsieve.router.domain.RoutingDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * Routing counts. Labels are fixed vocabularies only (document class, route, rule id), never anything from a
 * document or a tenant's free text.
 */
@ApplicationScoped
public class RouterMetrics {

    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void routed(RoutingDecision decision) {
        Counter.builder("medsieve.router.documents").description("Documents routed, by class and route")
                .tag("class", decision.documentClass().name().toLowerCase(Locale.ROOT))
                .tag("route", decision.route().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
        for (String reason : decision.reasons()) {
            // The rule id before the colon is a constant of PolicyEngine or RoutingService.
            Counter.builder("medsieve.router.rules").description("Routing rules fired, by rule")
                    .tag("rule", reason.substring(0, reason.indexOf(':')))
                    .register(registry).increment();
        }
    }

    public void featuresNotStored() {
        Counter.builder("medsieve.router.features.unstored")
                .description("Decisions whose features could not be stored for simulation")
                .register(registry).increment();
    }
}
