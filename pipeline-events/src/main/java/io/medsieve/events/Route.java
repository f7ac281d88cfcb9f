package io.medsieve.events;

/** Where the analysis of a document may run, as decided by the router. */
public enum Route {
    LOCAL,
    CLOUD_SYNC,
    CLOUD_BATCH,
    HUMAN_ONLY
}
