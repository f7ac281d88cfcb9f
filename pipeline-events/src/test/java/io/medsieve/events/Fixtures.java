package io.medsieve.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Realistic events of every type, one document's journey plus variants, so that every nullable field is
 * exercised both null and set and every ContentRef both inline and stored where the contract allows it.
 * Timestamps carry nanoseconds so a round trip that truncated them would show; blob URIs follow the form the
 * ingest service writes ({@code blob:<tenant>/<document>/<name>}).
 */
final class Fixtures {

    static final String TENANT = "clinic-nord";
    static final String DOCUMENT_ID = "5b7f3c1e-9d2a-4c8b-a1f0-3e6d8b2c4a91";
    static final Instant T0 = Instant.parse("2026-03-14T09:26:53.589793238Z");
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    static final ContentRef ORIGINAL_PDF = ContentRef.stored("application/pdf", 482_113,
            sha256("original pdf bytes"), "blob:clinic-nord/5b7f3c1e-9d2a-4c8b-a1f0-3e6d8b2c4a91/original");

    private Fixtures() {
    }

    static Producer producer(String service) {
        return new Producer(service, "0.1.0-SNAPSHOT+g3f9a2c1");
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ContentRef inline(String mediaType, String text) {
        return ContentRef.inline(mediaType, text, sha256(text));
    }

    static ContentRef stored(String mediaType, long size, String name) {
        return ContentRef.stored(mediaType, size, sha256(name), "blob:clinic-nord/" + DOCUMENT_ID + "/" + name);
    }

    // A document's journey, each event caused by the previous one.

    static DocumentIngested ingested() {
        EventHeader header = new EventHeader("0f8e2d4c-6b1a-4e7f-9c3d-2a5b8e1f7c60", DocumentIngested.TYPE,
                DocumentIngested.SCHEMA_VERSION, TENANT, DOCUMENT_ID, DOCUMENT_ID, null, TRACEPARENT, T0,
                producer("ingest-service"));
        return new DocumentIngested(header, ORIGINAL_PDF, 3, Priority.URGENT,
                EnumSet.allOf(AnalysisTask.class), true, true);
    }

    static DocumentIngested ingestedPlain() {
        EventHeader header = EventHeader.first(DocumentIngested.TYPE, DocumentIngested.SCHEMA_VERSION, TENANT,
                "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f", null, producer("ingest-service"),
                Instant.parse("2026-03-14T10:00:00Z"));
        ContentRef png = ContentRef.stored("image/png", 91_337, sha256("scan"),
                "blob:clinic-nord/c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f/original");
        return new DocumentIngested(header, png, 1, Priority.ROUTINE, Set.of(), false, false);
    }

    static DocumentExtracted extracted() {
        EventHeader header = EventHeader.causedBy(ingested().header(), DocumentExtracted.TYPE,
                DocumentExtracted.SCHEMA_VERSION, TRACEPARENT, producer("ocr-service"), T0.plusMillis(4_210));
        return new DocumentExtracted(header, ingested().source(), stored("application/json", 120_448, "extraction.json"),
                List.of(new DocumentExtracted.PageSummary(1, ExtractionMethod.TEXT_LAYER, 100.0, 0, 412),
                        new DocumentExtracted.PageSummary(2, ExtractionMethod.OCR, 91.37, 90, 288),
                        new DocumentExtracted.PageSummary(3, ExtractionMethod.OCR, 54.5, 270, 37)),
                81.96, List.of(3), "ocr-2026.03.1+tesseract-5.5.0", Intake.of(ingested()));
    }

    static DocumentExtracted extractedInline() {
        EventHeader header = EventHeader.causedBy(ingestedPlain().header(), DocumentExtracted.TYPE,
                DocumentExtracted.SCHEMA_VERSION, null, producer("ocr-service"), T0.plusSeconds(1));
        return new DocumentExtracted(header, ingestedPlain().source(),
                inline("application/json", "{\"pages\":[{\"page\":1,\"words\":[]}]}"),
                List.of(new DocumentExtracted.PageSummary(1, ExtractionMethod.OCR, 0.0, 180, 0)),
                0.0, List.of(), "ocr-2026.03.1+tesseract-5.5.0", Intake.of(ingestedPlain()));
    }

    static DocumentRedacted redacted() {
        EventHeader header = EventHeader.causedBy(extracted().header(), DocumentRedacted.TYPE,
                DocumentRedacted.SCHEMA_VERSION, TRACEPARENT, producer("redaction-service"), T0.plusMillis(5_003));
        return new DocumentRedacted(header,
                inline("text/plain; charset=utf-8",
                        "Referral for [PERSON_3f9a], born [DATE_81c2]. Persistent cough since [DATE_0b7e]."),
                stored("application/pdf", 301_220, "redacted.pdf"),
                List.of(new DocumentRedacted.RedactedEntity("PERSON", 1, 13, 26, "[PERSON_3f9a]", 0.97, "ner-de-1.4"),
                        new DocumentRedacted.RedactedEntity("DATE", 1, 33, 44, "[DATE_81c2]", 1.0, "regex-date"),
                        new DocumentRedacted.RedactedEntity("DATE", 2, 71, 82, "[DATE_0b7e]", 0.88, "regex-date")),
                false, "redaction-2026.03.0", extracted().intake(), 81.96, List.of(3));
    }

    static DocumentRedacted redactedWithoutPdf() {
        EventHeader header = EventHeader.causedBy(extractedInline().header(), DocumentRedacted.TYPE,
                DocumentRedacted.SCHEMA_VERSION, null, producer("redaction-service"), T0.plusSeconds(2));
        return new DocumentRedacted(header, stored("text/plain", 18_532, "redacted.txt"), null, List.of(), true,
                "redaction-2026.03.0", extractedInline().intake(), 0.0, List.of());
    }

    static DocumentRouted routedToCloud() {
        DocumentRedacted cause = redacted();
        EventHeader header = EventHeader.causedBy(cause.header(), DocumentRouted.TYPE,
                DocumentRouted.SCHEMA_VERSION, TRACEPARENT, producer("router-service"), T0.plusMillis(5_120));
        return new DocumentRouted(header, "REFERRAL_LETTER", 0.93, 1, Route.CLOUD_SYNC, false,
                List.of("tier 1: referral letter without residual PHI", "patient consented to cloud processing",
                        "urgent: synchronous route"),
                "default-eu", "2026-02-01", cause.redactedText(), cause.intake());
    }

    static DocumentRouted routedLocal() {
        EventHeader header = EventHeader.causedBy(redactedWithoutPdf().header(), DocumentRouted.TYPE,
                DocumentRouted.SCHEMA_VERSION, null, producer("router-service"), T0.plusSeconds(3));
        return new DocumentRouted(header, "LAB_REPORT", 0.41, 3, Route.LOCAL, true,
                List.of("residual PHI detected: cloud not allowed", "low class confidence: human review"),
                "default-eu", "2026-02-01", stored("text/plain", 19_004, "local-payload.txt"),
                redactedWithoutPdf().intake());
    }

    static AnalysisProposed proposedLocal() {
        EventHeader header = EventHeader.causedBy(routedLocal().header(), AnalysisProposed.TYPE,
                AnalysisProposed.SCHEMA_VERSION, null, producer("llm-local-service"), T0.plusSeconds(40));
        return new AnalysisProposed(header, AnalysisTask.SUMMARY,
                inline("text/markdown", "Summary: laboratory panel, two values outside reference range."),
                Route.LOCAL, "llama.cpp", "qwen2.5-7b-instruct-q4_k_m", sha256("weights"), "summary", "3",
                sha256("exact model input"), 36_512, 4_211, 187, AnalysisProposed.Status.PROPOSED, null);
    }

    /** A HUMAN_ONLY document's review packet: no model ran, so no model fields and no counts. */
    static AnalysisProposed reviewPacket() {
        EventHeader header = EventHeader.causedBy(routedLocal().header(), AnalysisProposed.TYPE,
                AnalysisProposed.SCHEMA_VERSION, null, producer("llm-local-service"), T0.plusSeconds(5));
        return new AnalysisProposed(header, AnalysisTask.SUMMARY,
                stored("application/json", 1_204, "review-packet.json"), Route.HUMAN_ONLY, null, null, null, null,
                null, null, 0, 0, 0, AnalysisProposed.Status.REVIEW_PACKET, null);
    }

    static AnalysisProposed proposedCloud() {
        EventHeader header = EventHeader.causedBy(routedToCloud().header(), AnalysisProposed.TYPE,
                AnalysisProposed.SCHEMA_VERSION, TRACEPARENT, producer("llm-cloud-service"), T0.plusMillis(9_870));
        return new AnalysisProposed(header, AnalysisTask.EXTRACTION,
                stored("application/json", 6_812, "extraction-output.json"), Route.CLOUD_BATCH, "openai",
                "gpt-4.1-mini", "2025-04-14", "extraction", "7", sha256("redacted input"), 4_750, 3_098, 1_204,
                AnalysisProposed.Status.PROPOSED,
                new AnalysisProposed.CloudCall("batch_req_6f1c2a", "batch_68a1f0c2", 1_913, "USD"));
    }

    static ReviewDecision approved() {
        EventHeader cause = proposedLocal().header();
        EventHeader header = EventHeader.causedBy(cause, ReviewDecision.TYPE,
                ReviewDecision.SCHEMA_VERSION, TRACEPARENT, producer("review-ui"), T0.plusSeconds(3_600));
        return new ReviewDecision(header, cause.eventId(), "auth0|65f0c1d2e3a4b5c6d7e8f901",
                ReviewDecision.Decision.APPROVED, null);
    }

    static ReviewDecision corrected() {
        EventHeader cause = proposedCloud().header();
        EventHeader header = EventHeader.causedBy(cause, ReviewDecision.TYPE,
                ReviewDecision.SCHEMA_VERSION, null, producer("review-ui"), T0.plusSeconds(7_200));
        return new ReviewDecision(header, cause.eventId(), "auth0|65f0c1d2e3a4b5c6d7e8f901",
                ReviewDecision.Decision.CORRECTED,
                inline("application/json", "{\"diagnoses\":[{\"code\":\"J45.9\",\"confidence\":0.8}]}"));
    }

    static ReviewDecision rejected() {
        EventHeader cause = proposedCloud().header();
        EventHeader header = EventHeader.causedBy(cause, ReviewDecision.TYPE,
                ReviewDecision.SCHEMA_VERSION, null, producer("review-ui"), T0.plusSeconds(7_300));
        return new ReviewDecision(header, cause.eventId(), "reviewer-17",
                ReviewDecision.Decision.REJECTED, null);
    }

    static StageFailed failedRetryable() {
        EventHeader cause = ingested().header();
        EventHeader header = EventHeader.causedBy(cause, StageFailed.TYPE,
                StageFailed.SCHEMA_VERSION, TRACEPARENT, producer("ocr-service"), T0.plusSeconds(120));
        return new StageFailed(header, Stage.OCR, "ocr.page-timeout", "page 2 exceeded the 60 s OCR budget", true,
                cause.eventId());
    }

    static StageFailed failedWithoutInput() {
        EventHeader header = EventHeader.first(StageFailed.TYPE, StageFailed.SCHEMA_VERSION, TENANT,
                DOCUMENT_ID, null, producer("ingest-service"), T0);
        return new StageFailed(header, Stage.INGEST, "ingest.unsupported-media-type",
                "content is neither PDF nor a supported image", false, null);
    }

    static SecurityEvent egressBlocked() {
        EventHeader header = EventHeader.causedBy(routedToCloud().header(), SecurityEvent.TYPE,
                SecurityEvent.SCHEMA_VERSION, TRACEPARENT, producer("llm-cloud-service"), T0.plusMillis(5_300));
        return new SecurityEvent(header, Stage.LLM_CLOUD, "egress.blocked",
                "connection to a host outside the allow-list was refused");
    }

    static SecurityEvent keyErased() {
        EventHeader header = EventHeader.first(SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION, TENANT,
                DOCUMENT_ID, null, producer("audit-service"), T0.plusSeconds(86_400));
        return new SecurityEvent(header, Stage.AUDIT, "key.erased", "document key destroyed on retention expiry");
    }

    /** Every fixture, named for test reports. */
    static List<Named> all() {
        return List.of(
                new Named("ingested", ingested()),
                new Named("ingested plain, no traceparent, no tasks", ingestedPlain()),
                new Named("extracted, stored extraction", extracted()),
                new Named("extracted, inline extraction", extractedInline()),
                new Named("redacted, inline text, stored pdf", redacted()),
                new Named("redacted, stored text, no pdf", redactedWithoutPdf()),
                new Named("routed to cloud, inline payload", routedToCloud()),
                new Named("routed local, stored payload", routedLocal()),
                new Named("proposed local, inline output", proposedLocal()),
                new Named("proposed cloud, stored output", proposedCloud()),
                new Named("review approved", approved()),
                new Named("review corrected", corrected()),
                new Named("review rejected", rejected()),
                new Named("stage failed, with input", failedRetryable()),
                new Named("stage failed, without input", failedWithoutInput()),
                new Named("security egress blocked", egressBlocked()),
                new Named("security key erased", keyErased()));
    }

    /** A fixture with a readable name for parameterised test reports. */
    record Named(String name, PipelineEvent event) {
        @Override
        public String toString() {
            return event.header().eventType() + ": " + name;
        }
    }
}
