package io.medsieve.events;

import java.util.List;
import java.util.Objects;

/**
 * PHI was found and replaced by keyed placeholders. Lists entities by type, position and placeholder,
 * never by original value.
 *
 * @param redactedText        claim-check for the redacted text
 * @param redactedPdf         claim-check for the flattened, redacted PDF, or null if none was produced
 * @param entities            what was redacted, where
 * @param residualPhiDetected whether the post-redaction check still found PHI (such a document never goes to a cloud)
 * @param redactionVersion    version of the detection rules and dictionaries that ran
 * @param intake              the submitter's priority, tasks and consent, carried forward from ingest
 * @param ocrMeanConfidence   the extraction's mean word confidence, 0..100, carried forward for routing
 * @param lowConfidencePages  1-based pages the OCR stage flagged as low confidence, carried forward for routing
 */
public record DocumentRedacted(
        EventHeader header,
        ContentRef redactedText,
        ContentRef redactedPdf,
        List<RedactedEntity> entities,
        boolean residualPhiDetected,
        String redactionVersion,
        Intake intake,
        double ocrMeanConfidence,
        List<Integer> lowConfidencePages) implements PipelineEvent {

    public static final String TYPE = "DocumentRedacted";
    public static final int SCHEMA_VERSION = 1;

    /**
     * Suffix on an entity's {@code detector} when the date was replaced by a per-patient shifted date rather than by
     * its placeholder: the entity's offsets then cover the shifted date in the redacted text, which the cloud egress
     * guard may therefore let through (and no other date).
     */
    public static final String DATE_SHIFT_DETECTOR_SUFFIX = "+date-shift";

    public DocumentRedacted {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(redactedText, "redactedText");
        Objects.requireNonNull(redactionVersion, "redactionVersion");
        Objects.requireNonNull(intake, "intake");
        entities = List.copyOf(entities);
        lowConfidencePages = List.copyOf(lowConfidencePages);
    }

    /**
     * @param type        Safe Harbor identifier type, e.g. {@code NAME}, {@code DATE}, {@code MRN}
     * @param page        1-based page number
     * @param start       start offset in the redacted page text (inclusive)
     * @param end         end offset in the redacted page text (exclusive)
     * @param placeholder the keyed placeholder that replaced the value, e.g. {@code [NAME_3f9a0c12d4e6]}
     * @param confidence  detector confidence, 0..1
     * @param detector    which detector fired, for explainability
     */
    public record RedactedEntity(String type, int page, int start, int end, String placeholder, double confidence,
                                 String detector) {

        /** Whether this replacement is a shifted date (see {@link #DATE_SHIFT_DETECTOR_SUFFIX}). */
        public boolean shiftedDate() {
            return "DATE".equals(type) && detector != null && detector.endsWith(DATE_SHIFT_DETECTOR_SUFFIX);
        }
    }
}
