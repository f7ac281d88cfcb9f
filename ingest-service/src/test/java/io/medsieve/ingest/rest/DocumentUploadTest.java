package io.medsieve.ingest.rest;

import io.medsieve.api.Problem;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Priority;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.storage.crypto.EventEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Upload through the real HTTP API, event through the real broker, status from the real projection. */
@QuarkusTest
class DocumentUploadTest {

    @Inject
    EventEnvelope envelope;

    @RegisterExtension
    static final KafkaTestConsumer ingested = KafkaTestConsumer.onTopics(Topics.DOCUMENT_INGESTED);

    @Test
    void uploadIsStoredAndAnnouncedOnKafka() {
        String tenant = Uploads.newTenant("upload");
        Fixture pdf = DocumentFixtures.digitalPdf(List.of("Referral letter page one.", "Page two."));

        var response = given()
                .auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("file", "referral.pdf", pdf.bytes(), "application/pdf")
                .multiPart("priority", "urgent")
                .multiPart("tasks", "summary,extraction")
                .multiPart("cloudConsent", "true")
                .when().post("/v1/documents")
                .then().statusCode(202)
                .body("duplicate", equalTo(false))
                .body("documentId", notNullValue())
                .extract().response();
        String documentId = response.path("documentId");
        assertThat(response.header("Location")).endsWith("/v1/documents/" + documentId);
        assertThat(response.<String>path("statusUrl")).isEqualTo("/v1/documents/" + documentId);

        ConsumerRecord<String, byte[]> record = ingested.awaitRecord(r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)),
                Duration.ofSeconds(20));
        assertThat(record.key()).isEqualTo(documentId);
        assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_TYPE)).isEqualTo(DocumentIngested.TYPE);

        assertThat(KafkaTestConsumer.header(record, EventEnvelope.ENCRYPTION)).isEqualTo(EventEnvelope.SCHEME);
        DocumentIngested event = envelope.open(record, DocumentIngested.class);
        assertThat(event.header().tenantId()).isEqualTo(tenant);
        assertThat(event.header().documentId()).isEqualTo(documentId);
        assertThat(event.header().eventId()).isEqualTo(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_ID));
        assertThat(event.header().correlationId()).isEqualTo(documentId);
        assertThat(event.header().producer().service()).isEqualTo("ingest-service");
        assertThat(event.source().mediaType()).isEqualTo("application/pdf");
        assertThat(event.source().blobUri()).startsWith("blob:" + tenant + "/" + documentId + "/");
        assertThat(event.source().inlineText()).isNull();
        assertThat(event.pageCount()).isEqualTo(2);
        assertThat(event.priority()).isEqualTo(Priority.URGENT);
        assertThat(event.requestedTasks()).isEqualTo(Set.of(AnalysisTask.SUMMARY, AnalysisTask.EXTRACTION));
        assertThat(event.cloudConsent()).isTrue();
        assertThat(event.metadataStripped()).isTrue();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("referral.pdf");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Uploads.status(tenant, documentId)
                .statusCode(200)
                .body("documentId", equalTo(documentId))
                .body("mediaType", equalTo("application/pdf"))
                .body("pageCount", equalTo(2))
                .body("overall", equalTo("IN_PROGRESS"))
                .body("stages[0].stage", equalTo("ingest"))
                .body("stages[0].state", equalTo("COMPLETED"))
                .body("stages[1].stage", equalTo("ocr"))
                .body("stages[1].state", equalTo("PENDING")));
    }

    @Test
    void defaultsAreRoutineSummaryAndNoCloudConsent() {
        String tenant = Uploads.newTenant("defaults");
        Fixture png = DocumentFixtures.png("Lab report", 200);
        Uploads.upload(tenant, png.bytes(), "scan.png", "image/png").statusCode(202);

        DocumentIngested event = envelope.open(ingested.awaitRecord(
                r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)), Duration.ofSeconds(20)),
                DocumentIngested.class);
        assertThat(event.priority()).isEqualTo(Priority.ROUTINE);
        assertThat(event.requestedTasks()).containsExactly(AnalysisTask.SUMMARY);
        assertThat(event.cloudConsent()).isFalse();
        assertThat(event.source().mediaType()).isEqualTo("image/png");
        assertThat(event.pageCount()).isEqualTo(1);
    }

    @Test
    void multiPageTiffCountsItsPages() {
        String tenant = Uploads.newTenant("tiff");
        Fixture tiff = DocumentFixtures.multiPageTiff(List.of("Page one", "Page two", "Page three"), 200);
        Uploads.upload(tenant, tiff.bytes(), "fax.tif", "image/tiff").statusCode(202);

        DocumentIngested event = envelope.open(ingested.awaitRecord(
                r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)), Duration.ofSeconds(20)),
                DocumentIngested.class);
        assertThat(event.source().mediaType()).isEqualTo("image/tiff");
        assertThat(event.pageCount()).isEqualTo(3);
    }

    @Test
    void anotherTenantsDocumentIsNotFound() {
        String owner = Uploads.newTenant("owner");
        String documentId = Uploads.upload(owner, DocumentFixtures.jpeg("Insurance card", 200).bytes(),
                "card.jpg", "image/jpeg").statusCode(202).extract().path("documentId");

        Uploads.status(owner, documentId).statusCode(200);
        Uploads.status(Uploads.newTenant("intruder"), documentId)
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("document-not-found"));
        Uploads.status(owner, "00000000-0000-0000-0000-000000000000").statusCode(404);
        Uploads.status(owner, "not-a-uuid").statusCode(404);
    }

    @Test
    void requestsWithoutAValidTokenOrTenantClaimAreRefused() {
        byte[] png = DocumentFixtures.png("x", 200).bytes();
        given().multiPart("file", "a.png", png, "image/png")
                .when().post("/v1/documents")
                .then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("authentication-required"));
        given().auth().oauth2(TestTokens.expired("expired", "uploader"))
                .multiPart("file", "a.png", png, "image/png")
                .when().post("/v1/documents")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("authentication-required"));
        given().auth().oauth2(TestTokens.withoutTenant("uploader"))
                .multiPart("file", "a.png", png, "image/png")
                .when().post("/v1/documents")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("code", equalTo("tenant-required"));
        given().auth().oauth2(TestTokens.forTenant("../etc", "uploader"))
                .when().get("/v1/documents/{id}", "00000000-0000-0000-0000-000000000000")
                .then().statusCode(401).body("code", equalTo("tenant-required"));
    }

    @Test
    void onlyUploadersUploadAndTenantRolesReadStatus() {
        String tenant = Uploads.newTenant("roles");
        byte[] png = DocumentFixtures.png("Roles", 150).bytes();
        for (String role : new String[]{"reviewer", "auditor", "tenant-admin", "platform-admin", "phi-reidentify"}) {
            given().auth().oauth2(TestTokens.forTenant(tenant, role))
                    .multiPart("file", "a.png", png, "image/png")
                    .when().post("/v1/documents")
                    .then().statusCode(403).contentType(Problem.MEDIA_TYPE).body("code", equalTo("role-required"));
        }
        String documentId = Uploads.upload(tenant, png, "a.png", "image/png").statusCode(202)
                .extract().path("documentId");
        for (String role : new String[]{"uploader", "reviewer", "auditor", "tenant-admin"}) {
            given().auth().oauth2(TestTokens.forTenant(tenant, role))
                    .when().get("/v1/documents/{id}", documentId)
                    .then().statusCode(200).body("documentId", equalTo(documentId));
        }
        given().auth().oauth2(TestTokens.forTenant(tenant, "platform-admin"))
                .when().get("/v1/documents/{id}", documentId)
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        assertThat(ingested.drainFor(Duration.ofSeconds(2)))
                .filteredOn(r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT))).hasSize(1);
    }

    @Test
    void invalidFieldsAreRefusedWithProblems() {
        String tenant = Uploads.newTenant("fields");
        byte[] png = DocumentFixtures.png("x", 200).bytes();
        given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("file", "a.png", png, "image/png")
                .multiPart("priority", "whenever")
                .when().post("/v1/documents")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("file", "a.png", png, "image/png")
                .multiPart("tasks", "summary,diagnose")
                .when().post("/v1/documents")
                .then().statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("file", "a.png", png, "image/png")
                .multiPart("cloudConsent", "yes")
                .when().post("/v1/documents")
                .then().statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("other", "a.png", png, "image/png")
                .when().post("/v1/documents")
                .then().statusCode(400).body("code", equalTo("missing-file"));
        assertThat(ingested.drainFor(Duration.ofSeconds(2)))
                .noneMatch(r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)));
    }
}
