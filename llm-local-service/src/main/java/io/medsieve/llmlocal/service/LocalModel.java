package io.medsieve.llmlocal.service;

import io.medsieve.llmlocal.backend.ModelBackend;

import java.util.Optional;

/**
 * The model this instance analyses with, or why there is none. "None" is a normal state (a site that has not set a
 * model up yet): the stage then sends every LOCAL document to human review, and says so at start and in readiness,
 * rather than proposing anything.
 */
public final class LocalModel implements AutoCloseable {

    private final ModelBackend backend;
    private final Analyzer analyzer;
    private final State state;
    private final String status;

    private LocalModel(ModelBackend backend, Analyzer analyzer, State state, String status) {
        this.backend = backend;
        this.analyzer = analyzer;
        this.state = state;
        this.status = status;
    }

    /** A loaded model and the analyzer over it. */
    public static LocalModel ready(ModelBackend backend, Analyzer analyzer) {
        return new LocalModel(backend, analyzer, State.READY, "model " + backend.info().modelId() + " ("
                + backend.info().provider() + ", " + backend.info().contextTokens() + " tokens of context) is ready");
    }

    /** No model is configured: documents go to human review. */
    public static LocalModel notConfigured(String how) {
        return new LocalModel(null, null, State.NOT_CONFIGURED,
                "no model configured: LOCAL documents go to human review (" + how + ")");
    }

    /** A model is configured but did not load: readiness is down, documents go to human review meanwhile. */
    public static LocalModel failed(String reason) {
        return new LocalModel(null, null, State.FAILED, "the configured model is unusable: " + reason);
    }

    public State state() {
        return state;
    }

    /** One line for logs and health, without document content. */
    public String status() {
        return status;
    }

    public Optional<Analyzer> analyzer() {
        return Optional.ofNullable(analyzer);
    }

    public Optional<ModelBackend> backend() {
        return Optional.ofNullable(backend);
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }

    /** Whether analyses can run. */
    public enum State {
        READY,
        NOT_CONFIGURED,
        FAILED
    }
}
