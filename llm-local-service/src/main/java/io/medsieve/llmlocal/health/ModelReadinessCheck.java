package io.medsieve.llmlocal.health;

import io.medsieve.llmlocal.service.LocalModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Tells operators which model serves, or that none is configured. "None" is reported UP (the stage works: it sends
 * LOCAL documents to human review) with the state spelled out; a configured model that failed to load is DOWN.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final LocalModel model;

    public ModelReadinessCheck(LocalModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("llm-local-model")
                .status(model.state() != LocalModel.State.FAILED)
                .withData("state", model.state().name())
                .withData("status", model.status())
                .build();
    }
}
