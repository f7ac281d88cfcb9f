package io.medsieve.ocr.health;

import io.medsieve.ocr.service.TesseractWorkerPool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the OCR workers have their configured parallelism. Workers stuck in a native call are replaced up to a
 * cap; past it only a restart frees them, so readiness goes DOWN and the orchestrator restarts the instance (its
 * in-flight documents are redelivered to the other instances).
 */
@Readiness
@ApplicationScoped
public class OcrWorkersReadiness implements HealthCheck {

    private final TesseractWorkerPool pool;

    public OcrWorkersReadiness(TesseractWorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ocr-workers")
                .status(pool.healthy())
                .withData("workers", pool.workers())
                .withData("stuckWorkers", pool.stuckWorkers())
                .build();
    }
}
