package io.medsieve.events;

import java.util.List;

/**
 * Kafka topic names, one per pipeline stage. Channel names in every service equal these names, so a
 * grep for a topic finds both its producer and its consumers.
 */
public final class Topics {

    public static final String DOCUMENT_INGESTED = "document-ingested";
    public static final String DOCUMENT_EXTRACTED = "document-extracted";
    public static final String DOCUMENT_REDACTED = "document-redacted";
    public static final String DOCUMENT_ROUTED = "document-routed";
    public static final String ANALYSIS_PROPOSED = "analysis-proposed";
    public static final String REVIEW_DECISIONS = "review-decisions";
    /** Failure events (with a reason code, never document content) from every stage. */
    public static final String STAGE_FAILURES = "stage-failures";
    /** Security events such as a blocked egress attempt. */
    public static final String SECURITY_EVENTS = "security-events";

    /** Every topic that carries pipeline events; the audit ledger and status projections read all of them. */
    public static final List<String> PIPELINE = List.of(
            DOCUMENT_INGESTED, DOCUMENT_EXTRACTED, DOCUMENT_REDACTED, DOCUMENT_ROUTED,
            ANALYSIS_PROPOSED, REVIEW_DECISIONS, STAGE_FAILURES, SECURITY_EVENTS);

    /** Prefix of the dead-letter topics, one per consuming stage: {@code dlq-ocr}, {@code dlq-audit}... */
    public static final String DLQ_PREFIX = "dlq-";

    private Topics() {
    }

    /** The dead-letter topic of a consuming stage. */
    public static String deadLetter(Stage stage) {
        return DLQ_PREFIX + stage.id();
    }
}
