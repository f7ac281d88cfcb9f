package io.medsieve.redaction.rest;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRedacted.RedactedEntity;
import io.medsieve.events.EventJson;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.redaction.ExtractedDocuments;
import io.medsieve.redaction.messaging.RedactionPipelineTest;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyProvider;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.FakePatient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Re-identification over the real stage: a document is redacted through Kafka, an "LLM summary" reorders and
 * repeats its placeholders, and the API restores the originals exactly, for a caller with the role only, and only
 * within the document's tenant; each success leaves a PHI-free security event.
 */
@QuarkusTest
class ReidentificationResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    @Inject
    KeyProvider keys;

    private ExtractedDocuments documents;

    @BeforeEach
    void connect() {
        documents = new ExtractedDocuments(blobs, envelope);
    }

    @AfterEach
    void disconnect() {
        documents.close();
    }

    @Test
    void summaryWrittenOverPlaceholdersIsRestoredExactly() throws Exception {
        FakePatient patient = FakePatient.withCanary();
        DocumentRedacted redacted = redact("tenant-r", patient);
        String documentId = redacted.header().documentId();
        String name = placeholder(redacted, "NAME");
        String dob = placeholder(redacted, "DATE");
        String phone = placeholder(redacted, "PHONE");
        String mrn = placeholder(redacted, "MRN");
        String unknown = "[NAME_0123456789ab]";
        String summary = "Summary: " + name + " (born " + dob + ", record " + mrn + ") reports dyspnoea. Call "
                + phone + " to book a review; " + name + " agreed. Not this document: " + unknown + ".";

        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer security = KafkaTestConsumer.subscribe(Topics.SECURITY_EVENTS)) {
            Response response = given().auth().oauth2(TestTokens.forTenant("tenant-r", "reviewer", "phi-reidentify"))
                    .contentType(ContentType.JSON).body(Map.of("text", summary))
                    .post("/v1/documents/{id}/reidentify", documentId);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getString("text")).isEqualTo("Summary: " + patient.name() + " (born "
                    + patient.dobText() + ", record " + patient.mrn() + ") reports dyspnoea. Call " + patient.phone()
                    + " to book a review; " + patient.name() + " agreed. Not this document: " + unknown + ".");
            assertThat(response.jsonPath().getInt("replaced")).isEqualTo(5);
            assertThat(response.jsonPath().getList("unknownPlaceholders")).containsExactly(unknown);

            ConsumerRecord<String, byte[]> record = security.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            assertThat(EventSchemaValidator.violations(SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION,
                    record.value())).isEmpty();
            SecurityEvent event = EventJson.read(record.value(), SecurityEvent.class);
            assertThat(event.stage()).isEqualTo(Stage.REDACTION);
            assertThat(event.kind()).isEqualTo("phi.reidentified");
            assertThat(event.header().tenantId()).isEqualTo("tenant-r");
            assertThat(event.detail()).contains("5 replaced");
            List<String> leaks = leaks(patient);
            String value = new String(record.value(), StandardCharsets.UTF_8);
            for (String leak : leaks) {
                assertThat(value).doesNotContain(leak);
            }
            logs.assertNoneContains(leaks.toArray(String[]::new));
        }
    }

    @Test
    void callerWithoutTheRoleIsRefused() throws Exception {
        DocumentRedacted redacted = redact("tenant-s", FakePatient.withCanary());
        String documentId = redacted.header().documentId();
        String body = "{\"text\":\"" + placeholder(redacted, "NAME") + "\"}";

        for (String[] roles : new String[][] {{}, {"reviewer"}, {"uploader", "auditor", "tenant-admin",
                "platform-admin"}, {"phi-reidentify-lite"}}) {
            Response response = given().auth().oauth2(TestTokens.forTenant("tenant-s", roles))
                    .contentType(ContentType.JSON).body(body)
                    .post("/v1/documents/{id}/reidentify", documentId);

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("code")).isEqualTo("role-required");
            assertThat(response.asString()).doesNotContain("[NAME_");
        }
        Response anonymous = given().contentType(ContentType.JSON).body(body)
                .post("/v1/documents/{id}/reidentify", documentId);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.jsonPath().getString("code")).isEqualTo("authentication-required");
        Response noTenant = given().auth().oauth2(TestTokens.withoutTenant("phi-reidentify"))
                .contentType(ContentType.JSON).body(body)
                .post("/v1/documents/{id}/reidentify", documentId);
        assertThat(noTenant.statusCode()).isEqualTo(401);
        assertThat(noTenant.jsonPath().getString("code")).isEqualTo("tenant-required");
    }

    @Test
    void anotherTenantsOrAnUnknownDocumentIsNotFound() throws Exception {
        DocumentRedacted redacted = redact("tenant-t", FakePatient.withCanary());
        String body = "{\"text\":\"" + placeholder(redacted, "NAME") + "\"}";

        for (String[] attempt : new String[][] {{"tenant-u", redacted.header().documentId()},
                {"tenant-t", UUID.randomUUID().toString()}}) {
            Response response = given().auth().oauth2(TestTokens.forTenant(attempt[0], "reviewer", "phi-reidentify"))
                    .contentType(ContentType.JSON).body(body)
                    .post("/v1/documents/{id}/reidentify", attempt[1]);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("code")).isEqualTo("document-not-found");
        }
    }

    @Test
    void afterCryptoShreddingTheMapAndTheTextAreUnreadableWithAClearError() throws Exception {
        FakePatient patient = FakePatient.withCanary();
        String tenant = "tenant-shredded-" + Long.toString(System.nanoTime(), 36);
        DocumentRedacted redacted = redact(tenant, patient);
        String documentId = redacted.header().documentId();
        String name = placeholder(redacted, "NAME");

        keys.destroyTenantKey(tenant);

        Response response = given().auth().oauth2(TestTokens.forTenant(tenant, "reviewer", "phi-reidentify"))
                .contentType(ContentType.JSON).body(Map.of("text", "Summary for " + name))
                .post("/v1/documents/{id}/reidentify", documentId);
        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo("tenant-key-destroyed");
        assertThat(response.asString()).doesNotContain(patient.name()).doesNotContain(tenant);
        assertThatThrownBy(() -> blobs.load(tenant, documentId, BlobPurposes.REDACTED_TEXT, redacted.redactedText()))
                .isInstanceOf(KeyUnavailableException.class);
    }

    private DocumentRedacted redact(String tenant, FakePatient patient) throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_REDACTED)) {
            DocumentExtracted extracted = documents.stored(tenant, RedactionPipelineTest.chart(patient));
            documents.send(extracted);
            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> extracted.header().documentId().equals(r.key()), WAIT);
            return envelope.open(record, DocumentRedacted.class);
        }
    }

    private static String placeholder(DocumentRedacted redacted, String type) {
        return redacted.entities().stream().filter(e -> e.type().equals(type)).map(RedactedEntity::placeholder)
                .findFirst().orElseThrow();
    }

    private static List<String> leaks(FakePatient patient) {
        List<String> leaks = new ArrayList<>(Canary.fragments(patient.name()));
        leaks.addAll(List.of(patient.dobText(), patient.mrn(), patient.phone()));
        return leaks;
    }
}
