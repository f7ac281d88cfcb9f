package io.medsieve.redaction;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.ExtractionMethod;
import io.medsieve.events.Intake;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Topics;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.KafkaBrokerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays the OCR stage for the redaction tests: stores an extraction of the given page texts by claim-check and
 * sends the {@code DocumentExtracted} that points at it, exactly as ocr-service would.
 */
public final class ExtractedDocuments implements AutoCloseable {

    private final DocumentBlobs blobs;
    private final EventEnvelope envelope;
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer());

    public ExtractedDocuments(DocumentBlobs blobs, EventEnvelope envelope) {
        this.blobs = blobs;
        this.envelope = envelope;
    }

    /** The intake every test document carries, so tests can check it is carried forward. */
    public static final Intake INTAKE = new Intake(Priority.URGENT, EnumSet.of(AnalysisTask.SUMMARY), true);

    /** Stores an extraction of {@code pages} (page 2 flagged low confidence when present) and builds its event. */
    public DocumentExtracted stored(String tenant, String... pages) throws Exception {
        String documentId = UUID.randomUUID().toString();
        ContentRef source = blobs.store(tenant, documentId, BlobPurposes.ORIGINAL, "application/pdf",
                "%PDF-1.7 stand-in".getBytes(StandardCharsets.US_ASCII));
        List<ExtractedPage> extracted = new ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            extracted.add(new ExtractedPage(i + 1, ExtractionMethod.OCR, 612, 792, pages[i], List.of(),
                    i == 1 ? 55 : 91, 0, 0, 300, i == 1));
        }
        Extraction extraction = Extraction.of("ocr-test", extracted);
        ContentRef stored = blobs.store(tenant, documentId, BlobPurposes.EXTRACTION, "application/json",
                EventJson.mapper().writeValueAsBytes(extraction));
        return event(tenant, documentId, source, stored, extraction);
    }

    /** Stores {@code original} and an extraction of its {@code pages} (words and boxes as OCR gives them). */
    public DocumentExtracted storedWith(String tenant, byte[] original, String mediaType, List<ExtractedPage> pages)
            throws Exception {
        String documentId = UUID.randomUUID().toString();
        ContentRef source = blobs.store(tenant, documentId, BlobPurposes.ORIGINAL, mediaType, original);
        Extraction extraction = Extraction.of("ocr-test", pages);
        ContentRef stored = blobs.store(tenant, documentId, BlobPurposes.EXTRACTION, "application/json",
                EventJson.mapper().writeValueAsBytes(extraction));
        return event(tenant, documentId, source, stored, extraction);
    }

    /** An event whose extraction reference is well-formed but points at nothing. */
    public DocumentExtracted withoutBlob(String tenant, ContentRef missing, String documentId) {
        Extraction extraction = Extraction.of("ocr-test", List.of());
        return event(tenant, documentId, missing, missing, extraction);
    }

    public void send(DocumentExtracted event) throws Exception {
        SealedRecord sealed = envelope.seal(event);
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_EXTRACTED, null, sealed.key(), sealed.value(),
                sealed.headers())).get();
    }

    public void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DOCUMENT_EXTRACTED, key, value)).get();
    }

    private static DocumentExtracted event(String tenant, String documentId, ContentRef source, ContentRef stored,
                                           Extraction extraction) {
        return new DocumentExtracted(
                EventHeader.first(DocumentExtracted.TYPE, DocumentExtracted.SCHEMA_VERSION, tenant, documentId, null,
                        new Producer("ocr-service", "test"), Instant.now()),
                source, stored,
                extraction.pages().stream().map(p -> new DocumentExtracted.PageSummary(p.page(), p.method(),
                        p.meanConfidence(), p.rotationDegrees(), p.words().size())).toList(),
                extraction.meanConfidence(), extraction.lowConfidencePages(), "ocr-test", INTAKE);
    }

    @Override
    public void close() {
        producer.close();
    }
}
