package io.medsieve.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas are the contract the audit service enforces, so each rule must actually bite: a schema that
 * accepts everything passes every positive test. Every case starts from a valid fixture and breaks exactly
 * one thing, then checks the rejection names the rule that was broken.
 */
class EventSchemaRejectionTest {

    static List<Fixtures.Named> fixtures() {
        return Fixtures.all();
    }

    /** Every top-level property of every event type, each removed in turn. */
    static Stream<Arguments> requiredProperties() {
        List<Arguments> cases = new ArrayList<>();
        for (Fixtures.Named fixture : representatives()) {
            Iterator<String> names = json(fixture.event()).fieldNames();
            names.forEachRemaining(name -> cases.add(Arguments.of(fixture, name)));
        }
        return cases.stream();
    }

    /** Every header property, removed in turn. */
    static Stream<String> headerProperties() {
        List<String> names = new ArrayList<>();
        json(Fixtures.ingested()).path("header").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredProperties")
    void missingRequiredPropertyIsRejected(Fixtures.Named fixture, String property) {
        ObjectNode json = json(fixture.event());
        json.remove(property);

        assertRejected(fixture.event().header().eventType(), json, "required");
    }

    @ParameterizedTest(name = "header without {0}")
    @MethodSource("headerProperties")
    void missingHeaderPropertyIsRejected(String property) {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("header")).remove(property);

        assertRejected(DocumentIngested.TYPE, json, "required");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void unknownTopLevelPropertyIsRejected(Fixtures.Named fixture) {
        ObjectNode json = json(fixture.event());
        json.put("patientName", "Erika Mustermann");

        assertRejected(fixture.event().header().eventType(), json, "additionalProperties");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void unknownHeaderPropertyIsRejected(Fixtures.Named fixture) {
        ObjectNode json = json(fixture.event());
        ((ObjectNode) json.path("header")).put("fileName", "mustermann_erika_befund.pdf");

        assertRejected(fixture.event().header().eventType(), json, "additionalProperties");
    }

    @Test
    void unknownContentRefPropertyIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("source")).put("originalFileName", "mustermann_erika_befund.pdf");

        assertRejected(DocumentIngested.TYPE, json, "additionalProperties");
    }

    @Test
    void unknownNestedRecordPropertyIsRejected() {
        ObjectNode json = json(Fixtures.redacted());
        ((ObjectNode) json.path("entities").path(0)).put("originalValue", "Erika Mustermann");

        assertRejected(DocumentRedacted.TYPE, json, "additionalProperties");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eventTypeOfAnotherEventIsRejected(Fixtures.Named fixture) {
        String ownType = fixture.event().header().eventType();
        String otherType = ownType.equals(SecurityEvent.TYPE) ? StageFailed.TYPE : SecurityEvent.TYPE;
        ObjectNode json = json(fixture.event());
        ((ObjectNode) json.path("header")).put("eventType", otherType);

        assertRejected(ownType, json, "const");
    }

    @Test
    void eventTypeOutsideThePipelineIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("header")).put("eventType", "DocumentDeleted");

        assertRejected(DocumentIngested.TYPE, json, "const");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void otherSchemaVersionIsRejected(Fixtures.Named fixture) {
        ObjectNode json = json(fixture.event());
        ((ObjectNode) json.path("header")).put("schemaVersion", 2);

        assertRejected(fixture.event().header().eventType(), json, "const");
    }

    @Test
    void contentRefWithBothBlobUriAndInlineTextIsRejected() {
        ObjectNode json = json(Fixtures.routedToCloud());
        ((ObjectNode) json.path("payload")).put("blobUri", "blob:clinic-nord/" + Fixtures.DOCUMENT_ID + "/payload");

        assertRejected(DocumentRouted.TYPE, json, "oneOf");
    }

    @Test
    void contentRefWithNeitherBlobUriNorInlineTextIsRejected() {
        ObjectNode json = json(Fixtures.routedLocal());
        ((ObjectNode) json.path("payload")).putNull("blobUri");

        assertRejected(DocumentRouted.TYPE, json, "oneOf");
    }

    @Test
    void blobUriWithoutSchemeIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("source")).put("blobUri", "originals/5b7f3c1e.pdf");

        assertRejected(DocumentIngested.TYPE, json, "format");
    }

    @Test
    void nullableContentRefIsStillCheckedWhenPresent() {
        ObjectNode json = json(Fixtures.redacted());
        ((ObjectNode) json.path("redactedPdf")).put("inlineText", "flattened");

        assertRejected(DocumentRedacted.TYPE, json, "oneOf");
    }

    @Test
    void inlineTextLongerThanTheInlineLimitIsRejected() {
        ObjectNode json = json(Fixtures.routedToCloud());
        ((ObjectNode) json.path("payload")).put("inlineText", "x".repeat(ContentRef.MAX_INLINE_BYTES + 1));

        assertRejected(DocumentRouted.TYPE, json, "maxLength");
    }

    @Test
    void inlineOriginalDocumentIsRejected() {
        // The original upload is always stored encrypted; a small text upload must not slip into Kafka inline.
        ObjectNode json = json(Fixtures.ingested());
        ObjectNode source = (ObjectNode) json.path("source");
        source.putNull("blobUri");
        source.put("inlineText", "Befund: Erika Mustermann");

        assertRejected(DocumentIngested.TYPE, json, "type");
    }

    @Test
    void inlineOriginalCarriedForwardIsRejected() {
        ObjectNode json = json(Fixtures.extracted());
        ObjectNode source = (ObjectNode) json.path("source");
        source.putNull("blobUri");
        source.put("inlineText", "Befund: Erika Mustermann");

        assertRejected(DocumentExtracted.TYPE, json, "type");
    }

    @ParameterizedTest(name = "sha256 \"{0}\"")
    @ValueSource(strings = {
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
            "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
            ""})
    void badSha256IsRejected(String sha256) {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("source")).put("sha256", sha256);

        assertThat(Schemas.validate(DocumentIngested.TYPE, json)).isNotEmpty();
    }

    @Test
    void badInputDigestIsRejected() {
        ObjectNode json = json(Fixtures.proposedCloud());
        json.put("inputDigest", "sha256:" + Fixtures.sha256("redacted input"));

        assertRejected(AnalysisProposed.TYPE, json, "pattern");
    }

    @Test
    void eventIdThatIsNoUuidIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("header")).put("eventId", "evt-42");

        assertRejected(DocumentIngested.TYPE, json, "format");
    }

    @Test
    void occurredAtThatIsNoDateTimeIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("header")).put("occurredAt", "14.03.2026 09:26");

        assertRejected(DocumentIngested.TYPE, json, "format");
    }

    @Test
    void occurredAtAsEpochNumberIsRejected() {
        // What EventJson would write if a mapper without its configuration serialised the Instant.
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("header")).put("occurredAt", 1_773_480_413.589793238);

        assertRejected(DocumentIngested.TYPE, json, "type");
    }

    @Test
    void malformedTraceparentIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        ((ObjectNode) json.path("header")).put("traceparent", "trace-1234");

        assertThat(Schemas.validate(DocumentIngested.TYPE, json)).isNotEmpty();
    }

    @Test
    void unknownEnumConstantIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        json.put("priority", "STAT");

        assertRejected(DocumentIngested.TYPE, json, "enum");
    }

    @Test
    void duplicateRequestedTaskIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        json.putArray("requestedTasks").add("SUMMARY").add("SUMMARY");

        assertRejected(DocumentIngested.TYPE, json, "uniqueItems");
    }

    @Test
    void intakeCarriedForwardIsCheckedLikeTheIngestFields() {
        // The router decides on these facts: a misspelt priority or a missing consent flag must not pass.
        ObjectNode misspelt = json(Fixtures.redacted());
        ((ObjectNode) misspelt.path("intake")).put("priority", "STAT");
        assertRejected(DocumentRedacted.TYPE, misspelt, "enum");

        ObjectNode noConsent = json(Fixtures.routedToCloud());
        ((ObjectNode) noConsent.path("intake")).remove("cloudConsent");
        assertRejected(DocumentRouted.TYPE, noConsent, "required");
    }

    @Test
    void cloudCallCostIsChecked() {
        ObjectNode negative = json(Fixtures.proposedCloud());
        ((ObjectNode) negative.path("cloudCall")).put("estimatedCostMicros", -1);
        assertRejected(AnalysisProposed.TYPE, negative, "minimum");

        ObjectNode currency = json(Fixtures.proposedCloud());
        ((ObjectNode) currency.path("cloudCall")).put("currency", "dollars");
        assertRejected(AnalysisProposed.TYPE, currency, "pattern");
    }

    @Test
    void pageCountZeroIsRejected() {
        ObjectNode json = json(Fixtures.ingested());
        json.put("pageCount", 0);

        assertRejected(DocumentIngested.TYPE, json, "minimum");
    }

    @Test
    void pageNumberZeroIsRejected() {
        assertRejected(DocumentExtracted.TYPE,
                mutate(Fixtures.extracted(), json -> ((ObjectNode) json.path("pages").path(0)).put("page", 0)),
                "minimum");
        assertRejected(DocumentExtracted.TYPE,
                mutate(Fixtures.extracted(), json -> json.putArray("lowConfidencePages").add(0)), "minimum");
        assertRejected(DocumentRedacted.TYPE,
                mutate(Fixtures.redacted(), json -> ((ObjectNode) json.path("entities").path(0)).put("page", 0)),
                "minimum");
    }

    @Test
    void ocrConfidenceOutside0To100IsRejected() {
        assertRejected(DocumentExtracted.TYPE,
                mutate(Fixtures.extracted(), json -> json.put("meanConfidence", 100.5)), "maximum");
        assertRejected(DocumentExtracted.TYPE,
                mutate(Fixtures.extracted(), json -> ((ObjectNode) json.path("pages").path(1))
                        .put("meanConfidence", -1)), "minimum");
    }

    @Test
    void nanConfidenceIsRejected() {
        // Jackson writes NaN as the string "NaN"; a mean over zero words must not reach consumers like that.
        DocumentExtracted event = Fixtures.extracted();
        DocumentExtracted nan = new DocumentExtracted(event.header(), event.source(), event.extraction(), event.pages(), Double.NaN,
                event.lowConfidencePages(), event.extractorVersion(), event.intake());

        assertThat(Schemas.validate(nan)).isNotEmpty();
    }

    @Test
    void probabilityOutside0To1IsRejected() {
        assertRejected(DocumentRouted.TYPE,
                mutate(Fixtures.routedToCloud(), json -> json.put("classConfidence", 93)), "maximum");
        assertRejected(DocumentRedacted.TYPE,
                mutate(Fixtures.redacted(), json -> ((ObjectNode) json.path("entities").path(0))
                        .put("confidence", 1.01)), "maximum");
    }

    @ParameterizedTest(name = "tier {0}")
    @ValueSource(ints = {0, 4})
    void tierOutside1To3IsRejected(int tier) {
        assertThat(Schemas.validate(DocumentRouted.TYPE,
                mutate(Fixtures.routedToCloud(), json -> json.put("tier", tier)))).isNotEmpty();
    }

    @Test
    void rotationOtherThanQuarterTurnsIsRejected() {
        assertRejected(DocumentExtracted.TYPE,
                mutate(Fixtures.extracted(), json -> ((ObjectNode) json.path("pages").path(0))
                        .put("rotationDegrees", 45)), "enum");
    }

    @Test
    void extractionWithoutPagesIsRejected() {
        assertRejected(DocumentExtracted.TYPE,
                mutate(Fixtures.extracted(), json -> json.putArray("pages")), "minItems");
    }

    @Test
    void negativeCountsAreRejected() {
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.proposedLocal(), json -> json.put("outputTokens", -1)), "minimum");
        assertRejected(DocumentIngested.TYPE,
                mutate(Fixtures.ingested(), json -> ((ObjectNode) json.path("source")).put("sizeBytes", -1)),
                "minimum");
    }

    @Test
    void fractionalIntegerIsRejected() {
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.proposedLocal(), json -> json.put("latencyMillis", 12.5)), "type");
    }

    @Test
    void analysisOnTheHumanOnlyRouteIsRejected() {
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.proposedLocal(), json -> json.put("route", "HUMAN_ONLY")), "not");
    }

    @Test
    void analysisWithAnyOtherStatusIsRejected() {
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.proposedLocal(), json -> json.put("status", "FINAL")), "enum");
    }

    @Test
    void reviewPacketIsAcceptedOnlyWithoutAnyModelOnTheHumanOnlyRoute() {
        assertThat(Schemas.validate(AnalysisProposed.TYPE, json(Fixtures.reviewPacket()))).isEmpty();
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.reviewPacket(), json -> json.put("modelId", "llama-3.1-8b")), "type");
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.reviewPacket(), json -> json.put("inputTokens", 12)), "const");
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.reviewPacket(), json -> json.put("route", "LOCAL")), "const");
    }

    @Test
    void proposalWithoutAModelIsRejected() {
        assertRejected(AnalysisProposed.TYPE,
                mutate(Fixtures.proposedLocal(), json -> json.putNull("modelId")), "type");
    }

    @Test
    void correctedDecisionWithoutCorrectionsIsRejected() {
        assertRejected(ReviewDecision.TYPE,
                mutate(Fixtures.corrected(), json -> json.putNull("corrections")), "not");
    }

    @Test
    void approvedDecisionWithCorrectionsIsRejected() {
        ReviewDecision corrected = Fixtures.corrected();
        assertRejected(ReviewDecision.TYPE,
                mutate(Fixtures.approved(), json -> json.set("corrections", json(corrected).path("corrections"))),
                "type");
    }

    @Test
    void freeTextInCodeFieldsIsRejected() {
        assertRejected(StageFailed.TYPE,
                mutate(Fixtures.failedRetryable(), json -> json.put("reasonCode", "Timeout on page 2 of Erika's file")),
                "pattern");
        assertRejected(SecurityEvent.TYPE,
                mutate(Fixtures.egressBlocked(), json -> json.put("kind", "EGRESS_BLOCKED")), "pattern");
    }

    @Test
    void blankTextIsRejected() {
        assertRejected(StageFailed.TYPE,
                mutate(Fixtures.failedRetryable(), json -> json.put("reason", "  ")), "pattern");
        assertRejected(DocumentIngested.TYPE,
                mutate(Fixtures.ingested(), json -> ((ObjectNode) json.path("header")).put("tenantId", "")),
                "pattern");
    }

    @Test
    void placeholderThatCouldHoldAValueIsRejected() {
        assertRejected(DocumentRedacted.TYPE,
                mutate(Fixtures.redacted(), json -> ((ObjectNode) json.path("entities").path(0))
                        .put("placeholder", "Erika Mustermann")), "pattern");
    }

    @Test
    void stageByTopicIdRatherThanEnumNameIsRejected() {
        assertRejected(SecurityEvent.TYPE,
                mutate(Fixtures.egressBlocked(), json -> json.put("stage", Stage.LLM_CLOUD.id())), "enum");
    }

    @Test
    void nullForANonNullableFieldIsRejected() {
        assertRejected(DocumentRouted.TYPE,
                mutate(Fixtures.routedToCloud(), json -> json.putNull("payload")), "type");
        assertRejected(DocumentIngested.TYPE,
                mutate(Fixtures.ingested(), json -> ((ObjectNode) json.path("header")).putNull("documentId")),
                "type");
    }

    private static List<Fixtures.Named> representatives() {
        // One fixture per event type is enough to enumerate its properties.
        List<Fixtures.Named> result = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Fixtures.Named fixture : Fixtures.all()) {
            if (seen.add(fixture.event().getClass())) {
                result.add(fixture);
            }
        }
        return result;
    }

    private static ObjectNode json(PipelineEvent event) {
        return (ObjectNode) Schemas.tree(EventJson.write(event));
    }

    private static ObjectNode mutate(PipelineEvent event, Consumer<ObjectNode> change) {
        ObjectNode json = json(event);
        change.accept(json);
        return json;
    }

    private static void assertRejected(String eventType, JsonNode json, String keyword) {
        Set<ValidationMessage> errors = Schemas.validate(eventType, json);
        assertThat(errors).as("validation errors").isNotEmpty();
        assertThat(errors).extracting(ValidationMessage::getType).as("violated keywords of %s", errors)
                .contains(keyword);
    }
}
