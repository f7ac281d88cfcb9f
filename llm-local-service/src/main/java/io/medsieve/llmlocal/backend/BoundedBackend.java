package io.medsieve.llmlocal.backend;

import io.medsieve.prompts.Prompt;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Caps the model calls running at once. A local model has a fixed amount of memory and cores: more concurrent calls
 * than it has slots only make every call slower (or run the machine out of memory), so callers beyond the limit wait
 * in line, and one that waits longer than the queue timeout fails as busy (retryable) instead of piling up.
 */
public final class BoundedBackend implements ModelBackend {

    private final ModelBackend delegate;
    private final Semaphore slots;
    private final Duration queueTimeout;

    public BoundedBackend(ModelBackend delegate, int maxConcurrent, Duration queueTimeout) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1");
        }
        this.delegate = delegate;
        this.slots = new Semaphore(maxConcurrent, true);
        this.queueTimeout = queueTimeout;
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public int countTokens(String text) {
        return delegate.countTokens(text);
    }

    @Override
    public Generation generate(Prompt prompt, int maxOutputTokens, boolean jsonOutput) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(queueTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("llm-local.interrupted", "Waiting for a model slot was interrupted.", true);
        }
        if (!acquired) {
            throw new BackendException("llm-local.busy",
                    "Every model slot stayed busy for the whole queue timeout; retrying later may succeed.", true);
        }
        try {
            return delegate.generate(prompt, maxOutputTokens, jsonOutput);
        } finally {
            slots.release();
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
