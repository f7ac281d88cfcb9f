package io.medsieve.events;

/** The stages of the pipeline, as named in status views, failure events and dead-letter topics. */
public enum Stage {
    INGEST("ingest"),
    OCR("ocr"),
    REDACTION("redaction"),
    ROUTER("router"),
    LLM_LOCAL("llm-local"),
    LLM_CLOUD("llm-cloud"),
    REVIEW("review"),
    AUDIT("audit");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    /** Lower-case identifier used in topic names and metrics tags. */
    public String id() {
        return id;
    }
}
