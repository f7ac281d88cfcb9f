package io.medsieve.redaction.messaging;

import io.medsieve.events.ExtractionMethod;
import io.medsieve.events.extraction.BoundingBox;
import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.ExtractedWord;
import io.medsieve.redaction.pdf.PlantedPhiPdf;
import io.medsieve.redaction.pdf.RedactedPdf;
import io.medsieve.redaction.pdf.RedactionBox;
import io.medsieve.redaction.pdf.ResidualPhiVerifier;
import io.medsieve.redaction.pdf.TextLayerWords;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.redaction.ExtractedDocuments;
import io.medsieve.storage.blob.BlobStore;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.PostgresResource;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.FakePatient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage end to end over the real broker and database: an extraction holding a canary patient goes in as
 * {@code DocumentExtracted}; a schema-valid {@code DocumentRedacted} comes out whose record, headers, stored text,
 * map rows and logs hold none of the patient's identifiers, and whose entities point at their placeholders.
 */
@QuarkusTest
public class RedactionPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    @Inject
    BlobStore blobStore;

    private ExtractedDocuments documents;

    @BeforeEach
    void connect() {
        documents = new ExtractedDocuments(blobs, envelope);
    }

    @AfterEach
    void disconnect() {
        documents.close();
    }

    /** A two-page chart note about {@code patient}, the way OCR hands it over. */
    public static String[] chart(FakePatient patient) {
        return new String[] {
            "Patient: " + patient.name() + "\nDOB: " + patient.dobText() + "\nMRN: " + patient.mrn()
                    + "\nPhone: " + patient.phone() + "\nEmail: " + patient.email()
                    + "\nChief complaint: shortness of breath on exertion.",
            "Progress note\nPatient: " + patient.name() + "\nBlood pressure 120/80 mmHg, pulse 72.\n"
                    + "Continue current medication and review in two weeks."};
    }

    static List<String> leaks(FakePatient patient) {
        List<String> leaks = new ArrayList<>(Canary.fragments(patient.name()));
        leaks.addAll(List.of(patient.dobText(), patient.mrn(), patient.phone(), patient.email()));
        return leaks;
    }

    @Test
    void canaryPatientIsRedactedFromEveryEgress() throws Exception {
        FakePatient patient = FakePatient.withCanary();
        List<String> leaks = leaks(patient);
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED, Topics.STAGE_FAILURES)) {
            DocumentExtracted extracted = documents.stored("tenant-a", chart(patient));
            documents.send(extracted);
            String documentId = extracted.header().documentId();

            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);

            assertThat(record.topic()).isEqualTo(Topics.DOCUMENT_REDACTED);
            DocumentRedacted redacted = envelope.open(record, DocumentRedacted.class);
            assertThat(EventSchemaValidator.violations(DocumentRedacted.TYPE, DocumentRedacted.SCHEMA_VERSION,
                    EventJson.write(redacted))).isEmpty();
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_ID)).isEqualTo(redacted.header().eventId());
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_TYPE)).isEqualTo(DocumentRedacted.TYPE);
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.TENANT)).isEqualTo("tenant-a");
            assertThat(redacted.header().causationId()).isEqualTo(extracted.header().eventId());
            assertThat(redacted.intake()).isEqualTo(ExtractedDocuments.INTAKE);
            assertThat(redacted.ocrMeanConfidence()).isEqualTo(extracted.meanConfidence());
            assertThat(redacted.lowConfidencePages()).containsExactly(2);
            // The stand-in original ("%PDF-1.7 stand-in") cannot be drawn: no redacted PDF, the text still flows.
            assertThat(redacted.redactedPdf()).isNull();
            assertThat(redacted.redactionVersion()).matches("redaction-\\d+\\+dict-[0-9a-f]{12}");
            assertThat(redacted.residualPhiDetected()).isFalse();

            // The redacted text travels by claim-check only, and every entity points at its placeholder.
            ContentRef ref = redacted.redactedText();
            assertThat(ref.inlineText()).isNull();
            assertThat(ref.blobUri()).isNotNull();
            assertThat(ref.mediaType()).isEqualTo("text/plain; charset=utf-8");
            String text = new String(blobs.load("tenant-a", documentId, BlobPurposes.REDACTED_TEXT, ref),
                    StandardCharsets.UTF_8);
            String[] pages = text.split("\f", -1);
            assertThat(pages).hasSize(2);
            assertThat(pages[1]).contains("Blood pressure 120/80 mmHg, pulse 72.");
            assertThat(redacted.entities()).extracting(DocumentRedacted.RedactedEntity::type)
                    .contains("NAME", "DATE", "MRN", "PHONE", "EMAIL");
            assertThat(redacted.entities()).extracting(DocumentRedacted.RedactedEntity::page).contains(1, 2);
            for (DocumentRedacted.RedactedEntity entity : redacted.entities()) {
                assertThat(pages[entity.page() - 1].substring(entity.start(), entity.end()))
                        .isEqualTo(entity.placeholder());
            }
            // The patient's name on page 2 has the placeholder it has on page 1.
            assertThat(redacted.entities().stream().filter(e -> e.type().equals("NAME"))
                    .map(DocumentRedacted.RedactedEntity::placeholder).distinct()).hasSize(1);

            String value = new String(record.value(), StandardCharsets.UTF_8);
            String mapRows = mapRowsAsText("tenant-a", documentId);
            assertThat(mapRows).isNotEmpty();
            for (String leak : leaks) {
                assertThat(text).doesNotContain(leak);
                assertThat(value).doesNotContain(leak);
                assertThat(mapRows).doesNotContain(leak);
                for (Header header : record.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(leak);
                }
            }
            logs.assertNoneContains(leaks.toArray(String[]::new));
        }
    }

    @Test
    void redactedPdfMasksEveryRedactedValueAndKeepsOnlyPixels() throws Exception {
        PlantedPhiPdf planted = PlantedPhiPdf.create();
        List<ExtractedWord> words = new ArrayList<>();
        try (PDDocument original = Loader.loadPDF(planted.bytes())) {
            for (TextLayerWords.Word word : TextLayerWords.read(original, 1)) {
                RedactionBox box = word.box();
                words.add(new ExtractedWord(word.text(), new BoundingBox(box.x(), box.y(), box.width(),
                        box.height()), 100));
            }
        }
        String pageText = String.join(" ", words.stream().map(ExtractedWord::text).toList());
        ExtractedPage page = new ExtractedPage(1, ExtractionMethod.TEXT_LAYER, planted.pageSize().width(),
                planted.pageSize().height(), pageText, words, 100, 0, 0, 0, false);
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED, Topics.STAGE_FAILURES)) {
            DocumentExtracted extracted = documents.storedWith("tenant-a", planted.bytes(), "application/pdf",
                    List.of(page));
            documents.send(extracted);
            String documentId = extracted.header().documentId();

            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);

            assertThat(record.topic()).isEqualTo(Topics.DOCUMENT_REDACTED);
            DocumentRedacted redacted = envelope.open(record, DocumentRedacted.class);
            assertThat(redacted.entities()).extracting(DocumentRedacted.RedactedEntity::type)
                    .contains("NAME", "DATE", "MRN", "PHONE");
            assertThat(redacted.redactedPdf()).isNotNull();
            assertThat(redacted.redactedPdf().mediaType()).isEqualTo("application/pdf");
            assertThat(redacted.residualPhiDetected()).as("re-OCR of the redacted PDF reads no redacted value")
                    .isFalse();
            byte[] pdf = blobs.load("tenant-a", documentId, BlobPurposes.REDACTED_PDF, redacted.redactedPdf());
            try (PDDocument output = Loader.loadPDF(pdf)) {
                assertThat(new PDFTextStripper().getText(output)).isBlank();
                assertThat(output.getDocumentInformation().getCOSObject().keySet()).isEmpty();
                assertThat(output.getDocumentCatalog().getMetadata()).isNull();
            }
            // An independent re-OCR of the stored artifact: none of the planted values is readable.
            try (ResidualPhiVerifier verifier = new ResidualPhiVerifier("/usr/share/tesseract-ocr/5/tessdata", "eng",
                    200)) {
                assertThat(verifier.verify(new RedactedPdf(pdf, 1), planted.probes()).residualFound()).isFalse();
            }
        }
    }

    @Test
    void redeliveredInputYieldsOneEventIdAndOneSetOfMapRows() throws Exception {
        FakePatient patient = FakePatient.withCanary();
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED)) {
            DocumentExtracted extracted = documents.stored("tenant-b", chart(patient));
            String documentId = extracted.header().documentId();
            documents.send(extracted);
            ConsumerRecord<String, byte[]> first = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            int rowsAfterFirst = mapRowCount("tenant-b", documentId);

            documents.send(extracted);
            ConsumerRecord<String, byte[]> second = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);

            assertThat(KafkaTestConsumer.header(second, KafkaHeaders.EVENT_ID))
                    .isEqualTo(KafkaTestConsumer.header(first, KafkaHeaders.EVENT_ID));
            DocumentRedacted one = envelope.open(first, DocumentRedacted.class);
            DocumentRedacted two = envelope.open(second, DocumentRedacted.class);
            assertThat(two.entities()).isEqualTo(one.entities());
            assertThat(two.redactedText().sha256()).isEqualTo(one.redactedText().sha256());
            long distinctPlaceholders = one.entities().stream().map(DocumentRedacted.RedactedEntity::placeholder)
                    .distinct().count();
            assertThat(rowsAfterFirst).isEqualTo((int) distinctPlaceholders);
            assertThat(mapRowCount("tenant-b", documentId)).isEqualTo(rowsAfterFirst);
        }
    }

    @Test
    void samePatientGetsTheSamePlaceholderAcrossDocumentsOfATenantOnly() throws Exception {
        FakePatient patient = FakePatient.withCanary();
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED)) {
            DocumentExtracted first = documents.stored("tenant-c", chart(patient));
            DocumentExtracted second = documents.stored("tenant-c", "Discharge letter\nPatient: " + patient.name()
                    + "\nMRN: " + patient.mrn());
            DocumentExtracted foreign = documents.stored("tenant-d", chart(patient));
            for (DocumentExtracted event : List.of(first, second, foreign)) {
                documents.send(event);
            }

            String a = placeholderOf(out, first, "NAME");
            String b = placeholderOf(out, second, "NAME");
            String c = placeholderOf(out, foreign, "NAME");

            assertThat(b).isEqualTo(a);
            assertThat(c).isNotEqualTo(a);
            assertThat(a).matches("\\[NAME_[0-9a-f]{12}]");
        }
    }

    @Test
    void datesOfATenantWithDateShiftingMoveByOneKeyedOffsetPerPatient() throws Exception {
        // %test config: tenant shifting-clinic shifts dates by at most 30 days.
        FakePatient patient = FakePatient.withCanary();
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED)) {
            DocumentExtracted first = documents.stored("shifting-clinic", chart(patient));
            DocumentExtracted second = documents.stored("shifting-clinic", "Letter\nPatient: " + patient.name()
                    + "\nMRN: " + patient.mrn() + "\nDate of birth " + patient.dobText() + ".");
            documents.send(first);
            documents.send(second);

            String shiftedInFirst = shiftedDob(out, first);
            String shiftedInSecond = shiftedDob(out, second);

            assertThat(shiftedInFirst).matches("\\d{2}/\\d{2}/\\d{4}").isNotEqualTo(patient.dobText());
            assertThat(shiftedInSecond).isEqualTo(shiftedInFirst);
            java.time.format.DateTimeFormatter us = java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy");
            long days = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse(patient.dobText(), us),
                    java.time.LocalDate.parse(shiftedInFirst, us));
            assertThat(days).isBetween(-30L, 30L).isNotZero();
        }
    }

    private String shiftedDob(KafkaTestConsumer out, DocumentExtracted event) throws Exception {
        String documentId = event.header().documentId();
        DocumentRedacted redacted = envelope.open(out.awaitRecord(r -> documentId.equals(r.key()), WAIT),
                DocumentRedacted.class);
        DocumentRedacted.RedactedEntity date = redacted.entities().stream().filter(e -> e.type().equals("DATE"))
                .findFirst().orElseThrow();
        assertThat(date.detector()).endsWith("+date-shift");
        assertThat(date.placeholder()).matches("\\[DATE_[0-9a-f]{12}]");
        String text = new String(blobs.load("shifting-clinic", documentId, BlobPurposes.REDACTED_TEXT,
                redacted.redactedText()), StandardCharsets.UTF_8);
        return text.split("\f", -1)[date.page() - 1].substring(date.start(), date.end());
    }

    @Test
    void missingExtractionBlobBecomesAFailureEventWithAReasonCode() throws Exception {
        String documentId = UUID.randomUUID().toString();
        ContentRef missing = ContentRef.stored("application/json", 10, "00".repeat(32),
                blobStore.uri("tenant-e/" + documentId + "/" + BlobPurposes.EXTRACTION));
        DocumentExtracted extracted = documents.withoutBlob("tenant-e", missing, documentId);
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED, Topics.STAGE_FAILURES)) {
            documents.send(extracted);

            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);

            assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION, record.value()))
                    .isEmpty();
            StageFailed failed = EventJson.read(record.value(), StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.REDACTION);
            assertThat(failed.reasonCode()).isEqualTo("redaction.blob-missing");
            assertThat(failed.failedEventId()).isEqualTo(extracted.header().eventId());
        }
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicWithAReasonButNoContent() throws Exception {
        String canary = Canary.newName();
        String key = UUID.randomUUID().toString();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.REDACTION))) {
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

    private String placeholderOf(KafkaTestConsumer out, DocumentExtracted event, String type) {
        ConsumerRecord<String, byte[]> record = out.awaitRecord(
                r -> event.header().documentId().equals(r.key()), WAIT);
        return envelope.open(record, DocumentRedacted.class).entities().stream()
                .filter(e -> e.type().equals(type)).findFirst().orElseThrow().placeholder();
    }

    /** Every column of the document's map rows as text, read past the service straight from the database. */
    static String mapRowsAsText(String tenant, String documentId) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
             var query = db.prepareStatement("select * from placeholder_map where tenant_id = ? and document_id = ?")) {
            query.setString(1, tenant);
            query.setString(2, documentId);
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        byte[] bytes = rs.getBytes(i);
                        rows.append(bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1)).append('|');
                        rows.append(rs.getString(i)).append('|');
                    }
                    rows.append('\n');
                }
            }
        }
        return rows.toString();
    }

    static int mapRowCount(String tenant, String documentId) throws SQLException {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
             var query = db.prepareStatement(
                     "select count(*) from placeholder_map where tenant_id = ? and document_id = ?")) {
            query.setString(1, tenant);
            query.setString(2, documentId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
