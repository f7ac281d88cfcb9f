package io.medsieve.ocr.messaging;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.events.TraceParent;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.ExportedSpans;
import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.testsupport.documents.PdfPage;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Kafka stage's telemetry with canary PHI on the page, in the stored file name and in an unreadable record: the
 * document's trace continues through the stage (consumer span, document thread, OCR workers, producer span) into
 * the output record's {@code traceparent}, and no exported span and no metric mentions the canary.
 */
@QuarkusTest
class NoPhiInTelemetryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    InMemorySpanExporter spans;

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    @Test
    void documentTraceCrossesTheStageAndNoSpanOrMetricCarriesTheCanary() throws Exception {
        String canary = Canary.newName();
        Fixture scan = DocumentFixtures.mixedPdf(List.of(
                PdfPage.digital("Referral letter for " + canary + "\nPlease review the attached chart."),
                PdfPage.scanned("Chart note for " + canary + "\nBlood pressure 120/80 mmHg.")), 200);
        byte[] png = DocumentFixtures.png("Lab report for " + canary, 150).bytes();
        Fixture truncated = new Fixture(Arrays.copyOf(png, png.length / 2), DocumentFixtures.PNG, canary + ".png", 1,
                List.of());
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String upstreamSpan = HexFormat.of().formatHex(randomBytes(8));
        String traceparent = "00-" + traceId + "-" + upstreamSpan + "-01";

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_EXTRACTED, Topics.STAGE_FAILURES,
                     Topics.deadLetter(Stage.OCR))) {
            DocumentIngested document = stored("tenant-otel", scan);
            DocumentIngested broken = stored("tenant-otel", truncated);
            String unreadableKey = UUID.randomUUID().toString();
            send(producer, document, traceparent);
            send(producer, broken, null);
            producer.send(new ProducerRecord<>(Topics.DOCUMENT_INGESTED, unreadableKey,
                    ("{\"header\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8))).get();

            ConsumerRecord<String, byte[]> extracted = out.awaitRecord(
                    r -> document.header().documentId().equals(r.key()), WAIT);
            out.awaitRecord(r -> broken.header().documentId().equals(r.key()), WAIT);
            out.awaitRecord(r -> unreadableKey.equals(r.key()), WAIT);

            assertThat(extracted.topic()).isEqualTo(Topics.DOCUMENT_EXTRACTED);
            // The output was sent from the document thread, yet in the upstream trace.
            assertThat(KafkaTestConsumer.header(extracted, TraceParent.HEADER)).contains("-" + traceId + "-");
        }

        SpanData consumed = await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CONSUMER)
                .filter(span -> upstreamSpan.equals(span.getParentSpanId()))
                .findFirst().orElse(null), span -> span != null);
        assertThat(consumed.getTraceId()).isEqualTo(traceId);
        SpanData published = await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.PRODUCER)
                .filter(span -> span.getTraceId().equals(traceId))
                .findFirst().orElse(null), span -> span != null);
        assertThat(published.getParentSpanId()).isEqualTo(consumed.getSpanId());

        List<String> canaries = new ArrayList<>(Canary.fragments(canary));
        canaries.add(scan.fileName());
        canaries.add(truncated.fileName());
        ExportedSpans.assertNoneContains(spans.getFinishedSpanItems(), canaries.toArray(String[]::new));

        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        // One client per concurrent consumer: kafka-consumer-document-ingested$1, $2...
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-"
                + Topics.DOCUMENT_INGESTED);
        for (String leak : canaries) {
            assertThat(metrics).doesNotContain(leak);
        }
    }

    private DocumentIngested stored(String tenant, Fixture fixture) {
        String documentId = UUID.randomUUID().toString();
        ContentRef source = blobs.store(tenant, documentId, BlobPurposes.ORIGINAL, fixture.mediaType(),
                fixture.bytes());
        return new DocumentIngested(EventHeader.first(DocumentIngested.TYPE, DocumentIngested.SCHEMA_VERSION, tenant,
                documentId, null, new Producer("ingest-service", "test"), Instant.now()),
                source, Math.max(1, fixture.pages()), Priority.ROUTINE, Set.of(), false, true);
    }

    /** Sends the event sealed, as ingest does, with the upstream trace in the W3C header when given. */
    private void send(KafkaProducer<String, byte[]> producer, DocumentIngested event, String traceparent)
            throws Exception {
        SealedRecord sealed = envelope.seal(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DOCUMENT_INGESTED, null, sealed.key(),
                sealed.value(), sealed.headers());
        if (traceparent != null) {
            record.headers().add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never the all-zero (invalid) id
        return bytes;
    }
}
