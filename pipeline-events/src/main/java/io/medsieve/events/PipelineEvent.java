package io.medsieve.events;

/** Common face of every event on a pipeline topic. */
public sealed interface PipelineEvent
        permits DocumentIngested, DocumentExtracted, DocumentRedacted, DocumentRouted, AnalysisProposed,
        ReviewDecision, StageFailed, SecurityEvent {

    EventHeader header();
}
