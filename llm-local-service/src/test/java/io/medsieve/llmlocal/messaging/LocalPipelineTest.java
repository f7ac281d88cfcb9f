package io.medsieve.llmlocal.messaging;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Route;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage end to end over the real broker, the real claim-check store and the real llama.cpp binding with a tiny
 * model generated at test time: its answers are gibberish, the path is the one a real model takes.
 */
@QuarkusTest
class LocalPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TENANT = "tenant-local";

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    private RoutedDocuments documents;

    @BeforeEach
    void setUp() {
        documents = new RoutedDocuments(blobs, envelope);
    }

    @AfterEach
    void tearDown() {
        documents.close();
    }

    @Test
    void theTinyModelProposesASummaryAndAnUncheckableExtractionGoesToReview() throws Exception {
        String canary = Canary.newName();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.routed(TENANT, Route.LOCAL,
                    EnumSet.of(AnalysisTask.SUMMARY, AnalysisTask.EXTRACTION), RoutedDocuments.CLEAN_TEXT);
            String documentId = routed.header().documentId();
            // The original with the canary exists in the store too; only the redacted text may be read.
            blobs.store(TENANT, documentId, "original", "text/plain",
                    ("Referral for " + canary).getBytes(StandardCharsets.UTF_8));
            documents.send(routed);

            ConsumerRecord<String, byte[]> proposedRecord = out.awaitRecord(r -> documentId.equals(r.key())
                    && r.topic().equals(Topics.ANALYSIS_PROPOSED), WAIT);
            ConsumerRecord<String, byte[]> failedRecord = out.awaitRecord(r -> documentId.equals(r.key())
                    && r.topic().equals(Topics.STAGE_FAILURES), WAIT);

            // Model output is sealed on the wire: only the envelope opens it.
            assertThat(KafkaTestConsumer.header(proposedRecord, EventEnvelope.ENCRYPTION))
                    .isEqualTo(EventEnvelope.SCHEME);
            AnalysisProposed proposed = envelope.open(proposedRecord, AnalysisProposed.class);
            assertThat(EventSchemaValidator.violations(AnalysisProposed.TYPE, AnalysisProposed.SCHEMA_VERSION,
                    EventJson.write(proposed))).isEmpty();
            assertThat(KafkaTestConsumer.header(proposedRecord, KafkaHeaders.EVENT_ID))
                    .isEqualTo(proposed.header().eventId());
            assertThat(KafkaTestConsumer.header(proposedRecord, KafkaHeaders.TENANT)).isEqualTo(TENANT);
            assertThat(proposed.header().causationId()).isEqualTo(routed.header().eventId());
            assertThat(proposed.header().producer().service()).isEqualTo("llm-local-service");
            assertThat(proposed.task()).isEqualTo(AnalysisTask.SUMMARY);
            assertThat(proposed.route()).isEqualTo(Route.LOCAL);
            assertThat(proposed.status()).isEqualTo(AnalysisProposed.Status.PROPOSED);
            assertThat(proposed.provider()).isEqualTo("llama.cpp");
            assertThat(proposed.modelId()).isEqualTo("tiny-babbler");
            assertThat(proposed.modelVersion()).matches("sha256:[0-9a-f]{64}");
            assertThat(proposed.promptTemplateId()).isEqualTo("medsieve.summary");
            assertThat(proposed.promptTemplateVersion()).isEqualTo("1");
            // Exactly what the model received: the released template over the redacted text, delimited as data.
            assertThat(proposed.inputDigest()).isEqualTo(PromptBuilder.build(
                    PromptCatalog.standard().template(AnalysisTask.SUMMARY), RoutedDocuments.CLEAN_TEXT).digest());
            assertThat(proposed.inputTokens()).isGreaterThan(RoutedDocuments.CLEAN_TEXT.length() / 4);
            assertThat(proposed.outputTokens()).isEqualTo(16);
            assertThat(proposed.cloudCall()).isNull();
            String answer = new String(blobs.load(TENANT, documentId, "analysis-output.summary", proposed.output()),
                    StandardCharsets.UTF_8);
            assertThat(answer).matches("[ab]{16}");

            // Gibberish is not JSON: the extraction is not proposed, the document goes to review for it.
            // StageFailed stays in clear: it must be readable when a key is missing.
            assertThat(KafkaTestConsumer.header(failedRecord, EventEnvelope.ENCRYPTION)).isNull();
            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION,
                    failedRecord.value())).isEmpty();
            StageFailed failed = EventJson.read(failedRecord.value(), StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.LLM_LOCAL);
            assertThat(failed.reasonCode()).isEqualTo("llm-local.invalid-output");
            assertThat(failed.reason()).contains("human review");
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.failedEventId()).isEqualTo(routed.header().eventId());

            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
            logs.assertNoneContains("Metformin", "diabetes", "[PERSON_3f9a]");
        }
    }

    @Test
    void aRedeliveredDocumentIsNotAnalysedTwice() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted routed = documents.routed(TENANT, Route.LOCAL, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT);
            String documentId = routed.header().documentId();
            documents.send(routed);
            ConsumerRecord<String, byte[]> first = out.awaitRecord(r -> documentId.equals(r.key())
                    && r.topic().equals(Topics.ANALYSIS_PROPOSED), WAIT);

            // The same event again (as after a lost commit), then a later event of the same document (same key, so
            // same partition and processed after it) whose outcome tells us the redelivery was handled.
            documents.send(routed);
            DocumentRouted later = documents.routed(TENANT, documentId, Route.LOCAL, Set.of(AnalysisTask.CODING),
                    routed.payload());
            documents.send(later);
            out.awaitRecord(r -> documentId.equals(r.key()) && r.topic().equals(Topics.STAGE_FAILURES)
                    && EventJson.read(r.value(), StageFailed.class).failedEventId().equals(later.header().eventId()),
                    WAIT);

            List<ConsumerRecord<String, byte[]>> rest = out.drainFor(Duration.ofSeconds(1));
            assertThat(rest).noneMatch(r -> documentId.equals(r.key()) && r.topic().equals(Topics.ANALYSIS_PROPOSED));
            assertThat(envelope.open(first, AnalysisProposed.class).header().eventId())
                    .isEqualTo(UUID.nameUUIDFromBytes((routed.header().eventId() + "/AnalysisProposed/SUMMARY/"
                            + "medsieve.summary@1").getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    @Test
    void aMissingRedactedTextIsAStageFailureNotAGuess() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            String documentId = UUID.randomUUID().toString();
            ContentRef nowhere = ContentRef.stored("text/plain; charset=utf-8", 10, "0".repeat(64),
                    blobs.store(TENANT, documentId, "redacted-text", "text/plain", new byte[10]).blobUri()
                            .replace(documentId, UUID.randomUUID().toString()));
            DocumentRouted routed = documents.send(documents.routed(TENANT, documentId, Route.LOCAL,
                    Set.of(AnalysisTask.SUMMARY), nowhere));

            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);

            assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
            StageFailed failed = EventJson.read(record.value(), StageFailed.class);
            assertThat(failed.reasonCode()).isEqualTo("llm-local.invalid-reference");
            assertThat(failed.failedEventId()).isEqualTo(routed.header().eventId());
        }
    }

    @Test
    void withReviewPacketsOffAHumanOnlyDocumentPassesUntouched() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted humanOnly = documents.send(documents.humanOnly(TENANT, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT));
            // A later event of the same document (same partition, handled after it) marks when the first was handled.
            DocumentRouted local = documents.send(documents.routed(TENANT, humanOnly.header().documentId(),
                    Route.LOCAL, Set.of(AnalysisTask.SUMMARY), humanOnly.payload()));

            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> humanOnly.header().documentId().equals(r.key()), WAIT);

            assertThat(envelope.open(record, AnalysisProposed.class).header().causationId())
                    .isEqualTo(local.header().eventId());
            assertThat(out.drainFor(Duration.ofSeconds(1)))
                    .noneMatch(r -> humanOnly.header().documentId().equals(r.key()));
        }
    }

    @Test
    void otherRoutesAreLeftToTheirStages() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            DocumentRouted cloud = documents.send(documents.routed(TENANT, Route.CLOUD_SYNC,
                    Set.of(AnalysisTask.SUMMARY), RoutedDocuments.CLEAN_TEXT));
            DocumentRouted local = documents.send(documents.routed(TENANT, cloud.header().documentId(), Route.LOCAL,
                    Set.of(AnalysisTask.SUMMARY), cloud.payload()));

            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> cloud.header().documentId().equals(r.key()), WAIT);

            assertThat(envelope.open(record, AnalysisProposed.class).header().causationId())
                    .isEqualTo(local.header().eventId());
        }
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicWithAReasonButNoContent() throws Exception {
        String canary = Canary.newName();
        String key = UUID.randomUUID().toString();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.LLM_LOCAL))) {
            documents.sendRaw(key, ("{\"header\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8));

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecord(r -> key.equals(r.key()), WAIT);

            assertThat(KafkaTestConsumer.header(dead, "dead-letter-reason")).isNotBlank();
            for (Header header : dead.headers()) {
                for (String fragment : Canary.fragments(canary)) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(fragment);
                }
            }
            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
        }
    }

    @Test
    void aTamperedRecordIsDeadLetteredAndReportedAndThePartitionKeepsFlowing() throws Exception {
        String canary = Canary.newName();
        // One record key for both records: one partition, in this order.
        String partitionKey = UUID.randomUUID().toString();
        DocumentRouted tampered = documents.routed(TENANT, Route.LOCAL, Set.of(AnalysisTask.SUMMARY),
                "Referral for " + canary);
        SealedRecord tamperedRecord = envelope.seal(tampered);
        byte[] flipped = tamperedRecord.value().clone();
        flipped[flipped.length - 20] ^= 0x01;
        DocumentRouted good = documents.routed(TENANT, Route.LOCAL, Set.of(AnalysisTask.SUMMARY),
                RoutedDocuments.CLEAN_TEXT);
        SealedRecord goodRecord = envelope.seal(good);

        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.LLM_LOCAL));
             KafkaTestConsumer security = KafkaTestConsumer.subscribe(Topics.SECURITY_EVENTS);
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            documents.sendRaw(partitionKey, flipped, tamperedRecord.headers());
            documents.sendRaw(partitionKey, goodRecord.value(), goodRecord.headers());

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecord(r -> tampered.header().eventId()
                    .equals(KafkaTestConsumer.header(r, KafkaHeaders.EVENT_ID)), WAIT);
            assertThat(KafkaTestConsumer.header(dead, "dead-letter-reason"))
                    .startsWith("event envelope rejected (envelope.tampered)");
            // The dead letter keeps the ciphertext: nothing was decrypted into it.
            assertThat(dead.value()).isEqualTo(flipped);

            ConsumerRecord<String, byte[]> reportRecord = security.awaitRecord(r -> tampered.header().eventId()
                    .equals(EventJson.read(r.value(), SecurityEvent.class).header().causationId()), WAIT);
            assertThat(KafkaTestConsumer.header(reportRecord, EventEnvelope.ENCRYPTION)).as("security events stay clear")
                    .isNull();
            assertThat(EventSchemaValidator.violations(SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION,
                    reportRecord.value())).isEmpty();
            SecurityEvent report = EventJson.read(reportRecord.value(), SecurityEvent.class);
            assertThat(report.stage()).isEqualTo(Stage.LLM_LOCAL);
            assertThat(report.kind()).isEqualTo(EventEnvelope.REJECTED_KIND);
            assertThat(report.detail()).contains("envelope.tampered").doesNotContain(canary)
                    .doesNotContain(tampered.header().documentId());
            assertThat(report.header().tenantId()).isEqualTo(TENANT);
            assertThat(report.header().producer().service()).isEqualTo("llm-local-service");

            // The next record of the same partition is still analysed.
            ConsumerRecord<String, byte[]> proposed = out.awaitRecord(r -> good.header().documentId()
                    .equals(r.key()) && r.topic().equals(Topics.ANALYSIS_PROPOSED), WAIT);
            assertThat(envelope.open(proposed, AnalysisProposed.class).header().causationId())
                    .isEqualTo(good.header().eventId());
            assertThat(out.drainFor(Duration.ofSeconds(1)))
                    .noneMatch(r -> tampered.header().documentId().equals(r.key()));

            for (Header header : dead.headers()) {
                for (String fragment : Canary.fragments(canary)) {
                    assertThat(new String(header.value(), StandardCharsets.ISO_8859_1)).doesNotContain(fragment);
                }
            }
            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
        }
    }
}
