package io.medsieve.ingest.domain;

/** Where a document stands in one stage, as seen from the events the status projection consumed. */
public enum StageState {
    PENDING,
    COMPLETED,
    FAILED
}
