package io.medsieve.events;

/** Analysis a submitter may request for a document. */
public enum AnalysisTask {
    SUMMARY,
    EXTRACTION,
    CODING
}
