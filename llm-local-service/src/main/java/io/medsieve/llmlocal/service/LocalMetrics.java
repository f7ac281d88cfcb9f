package io.medsieve.llmlocal.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The stage's counters. Tags are fixed vocabularies (task, outcome code), never tenant or document values, so no
 * metric label can carry PHI.
 */
@ApplicationScoped
public class LocalMetrics {

    private final MeterRegistry registry;

    public LocalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A task finished: {@code proposed} or a failure code. */
    public void taskFinished(String task, String outcome) {
        registry.counter("medsieve.llm_local.tasks", "task", task, "outcome", outcome).increment();
    }

    /** Structured items the citation guard checked, and those whose cited span did not hold their value. */
    public void citations(String task, int checked, int failed) {
        registry.counter("medsieve.llm_local.citations.checked", "task", task).increment(checked);
        registry.counter("medsieve.llm_local.citations.failed", "task", task).increment(failed);
    }
}
