package io.medsieve.ocr.messaging;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.ExtractionMethod;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Intake;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.testsupport.documents.PdfPage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage end to end over the real broker: a stored document goes in as {@code DocumentIngested}, a schema-valid
 * {@code DocumentExtracted} (or {@code StageFailed}) comes out, and a canary patient name on the page reaches
 * neither logs nor events.
 */
@QuarkusTest
class OcrPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaProducer<String, byte[]> producer;

    @Inject
    DocumentBlobs blobs;

    @Inject
    CrashJournal crashJournal;

    @Inject
    EventEnvelope envelope;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void mixedDocumentIsExtractedWithoutLeakingItsText() throws Exception {
        String canary = Canary.newName();
        Fixture fixture = DocumentFixtures.mixedPdf(List.of(
                PdfPage.digital("Referral letter for " + canary + "\nPlease review the attached chart today."),
                PdfPage.scanned("Chart note for " + canary + "\nBlood pressure 120/80 mmHg.")), 300);
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_EXTRACTED, Topics.STAGE_FAILURES)) {
            DocumentIngested ingested = ingest("tenant-a", fixture);

            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> ingested.header().documentId().equals(r.key()), WAIT);

            assertThat(record.topic()).isEqualTo(Topics.DOCUMENT_EXTRACTED);
            DocumentExtracted extracted = envelope.open(record, DocumentExtracted.class);
            assertThat(EventSchemaValidator.violations(DocumentExtracted.TYPE, DocumentExtracted.SCHEMA_VERSION,
                    EventJson.write(extracted))).isEmpty();
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_ID)).isEqualTo(extracted.header().eventId());
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_TYPE)).isEqualTo(DocumentExtracted.TYPE);
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.TENANT)).isEqualTo("tenant-a");
            assertThat(extracted.header().causationId()).isEqualTo(ingested.header().eventId());
            assertThat(extracted.pages()).extracting(DocumentExtracted.PageSummary::method)
                    .containsExactly(ExtractionMethod.TEXT_LAYER, ExtractionMethod.OCR);
            assertThat(extracted.extraction().blobUri()).isNotNull();
            assertThat(extracted.intake()).isEqualTo(Intake.of(ingested));
            assertThat(extracted.source()).isEqualTo(ingested.source());

            byte[] json = blobs.load("tenant-a", ingested.header().documentId(), BlobPurposes.EXTRACTION,
                    extracted.extraction());
            Extraction extraction = EventJson.mapper().readValue(json, Extraction.class);
            assertThat(extraction.pages()).hasSize(2);
            assertThat(extraction.pages().get(0).text()).contains(canary);
            assertThat(extraction.pages().get(1).text()).contains("Blood pressure");

            String value = new String(record.value(), StandardCharsets.UTF_8);
            for (String fragment : Canary.fragments(canary)) {
                assertThat(value).doesNotContain(fragment);
            }
            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
            logs.assertNoneContains(fixture.fileName());
        }
    }

    @Test
    void badPageBecomesAFailureEventWithAReason() throws Exception {
        String canary = Canary.newName();
        Fixture fixture = DocumentFixtures.multiPageTiff(List.of("Fax cover sheet for " + canary), 200);
        Fixture bomb = DocumentFixtures.tiffBomb();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_EXTRACTED, Topics.STAGE_FAILURES)) {
            DocumentIngested ingested = ingest("tenant-b", bomb);
            DocumentIngested good = ingest("tenant-b", fixture);

            ConsumerRecord<String, byte[]> failure = out.awaitRecord(
                    r -> ingested.header().documentId().equals(r.key()), WAIT);
            assertThat(failure.topic()).isEqualTo(Topics.STAGE_FAILURES);
            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION, failure.value())).isEmpty();
            StageFailed failed = EventJson.read(failure.value(), StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.OCR);
            assertThat(failed.reasonCode()).isEqualTo("ocr.page-too-large");
            assertThat(failed.reason()).startsWith("Page 1 of 1: ");
            assertThat(failed.failedEventId()).isEqualTo(ingested.header().eventId());

            // The next document is not stuck behind the failed one.
            ConsumerRecord<String, byte[]> next = out.awaitRecord(r -> good.header().documentId().equals(r.key()), WAIT);
            assertThat(next.topic()).isEqualTo(Topics.DOCUMENT_EXTRACTED);
            assertThat(new String(next.value(), StandardCharsets.UTF_8)).doesNotContain(canary);
            logs.assertNoneContains(canary);
        }
    }

    @Test
    void corruptDocumentFailsWithoutQuotingIt() throws Exception {
        String canary = Canary.newName();
        byte[] png = DocumentFixtures.png("Lab report for " + canary, 150).bytes();
        Fixture truncated = new Fixture(java.util.Arrays.copyOf(png, png.length / 2), DocumentFixtures.PNG,
                canary + ".png", 1, List.of());
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.STAGE_FAILURES)) {
            DocumentIngested ingested = ingest("tenant-c", truncated);

            ConsumerRecord<String, byte[]> failure = out.awaitRecord(
                    r -> ingested.header().documentId().equals(r.key()), WAIT);
            StageFailed failed = EventJson.read(failure.value(), StageFailed.class);
            assertThat(failed.reasonCode()).startsWith("ocr.unreadable-");
            assertThat(new String(failure.value(), StandardCharsets.UTF_8)).doesNotContain(canary);
            logs.assertNoneContains(canary);
        }
    }

    @Test
    void redeliveredInputYieldsTheSameEventId() throws Exception {
        Fixture fixture = DocumentFixtures.digitalPdf(List.of(DocumentFixtures.DEFAULT_TEXT));
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_EXTRACTED)) {
            DocumentIngested ingested = ingest("tenant-d", fixture);
            send(ingested);

            String documentId = ingested.header().documentId();
            ConsumerRecord<String, byte[]> first = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            ConsumerRecord<String, byte[]> second = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            assertThat(KafkaTestConsumer.header(second, KafkaHeaders.EVENT_ID))
                    .isEqualTo(KafkaTestConsumer.header(first, KafkaHeaders.EVENT_ID));
        }
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicWithoutItsContentInTheReason() {
        String canary = Canary.newName();
        String key = UUID.randomUUID().toString();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.OCR))) {
            producer.send(new ProducerRecord<>(Topics.DOCUMENT_INGESTED, key,
                    ("{\"header\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecord(r -> key.equals(r.key()), WAIT);
            for (Header header : dead.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(canary);
            }
            logs.assertNoneContains(canary);
        }
    }

    @Test
    void inputThatKeptCrashingTheServiceFailsInsteadOfLooping() throws Exception {
        DocumentIngested ingested = stored("tenant-e", DocumentFixtures.digitalPdf(List.of(DocumentFixtures.DEFAULT_TEXT)));
        // Two earlier attempts that each ended with the JVM dying: their journal entries outlive the process.
        crashJournal.beginAttempt(ingested.header().eventId());
        crashJournal.beginAttempt(ingested.header().eventId());
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_EXTRACTED, Topics.STAGE_FAILURES)) {
            send(ingested);

            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> ingested.header().documentId().equals(r.key()), WAIT);
            assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
            assertThat(EventJson.read(record.value(), StageFailed.class).reasonCode()).isEqualTo("ocr.engine-crashed");
        }
    }

    @Test
    void metricsCountPagesByMethodWithoutContentInLabels() throws Exception {
        Fixture fixture = DocumentFixtures.digitalPdf(List.of(DocumentFixtures.DEFAULT_TEXT));
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_EXTRACTED)) {
            DocumentIngested ingested = ingest("tenant-f", fixture);
            out.awaitRecord(r -> ingested.header().documentId().equals(r.key()), WAIT);
        }
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("medsieve_ocr_pages_total{method=\"text_layer\"")
                .contains("medsieve_ocr_page_confidence_bucket")
                .contains("medsieve_ocr_documents_total{outcome=\"extracted\"");
    }

    private DocumentIngested ingest(String tenant, Fixture fixture) throws Exception {
        DocumentIngested ingested = stored(tenant, fixture);
        send(ingested);
        return ingested;
    }

    private DocumentIngested stored(String tenant, Fixture fixture) {
        String documentId = UUID.randomUUID().toString();
        ContentRef source = blobs.store(tenant, documentId, BlobPurposes.ORIGINAL, fixture.mediaType(),
                fixture.bytes());
        DocumentIngested ingested = new DocumentIngested(
                EventHeader.first(DocumentIngested.TYPE, DocumentIngested.SCHEMA_VERSION, tenant, documentId, null,
                        new Producer("ingest-service", "test"), Instant.now()),
                source, Math.max(1, fixture.pages()), Priority.ROUTINE, Set.of(), false, true);
        return ingested;
    }

    private void send(DocumentIngested ingested) throws Exception {
        SealedRecord sealed = envelope.seal(ingested);
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_INGESTED, null, sealed.key(), sealed.value(),
                sealed.headers())).get();
    }
}
