package io.medsieve.ingest.messaging;

import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Intake;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Route;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.SealedRecord;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Later stages' events, produced to the real broker, drive the status API; poison records go to the DLQ. */
@QuarkusTest
class StatusProjectionTest {

    @Inject
    EventEnvelope envelope;

    private static final Producer OTHER_STAGE = new Producer("router-service", "test");
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void routedDocumentShowsItsRouteAndSkipsTheOtherModelStage() throws Exception {
        String tenant = "status-" + System.nanoTime();
        String documentId = upload(tenant);
        EventHeader routedHeader = new EventHeader(java.util.UUID.randomUUID().toString(), DocumentRouted.TYPE,
                DocumentRouted.SCHEMA_VERSION, tenant, documentId, documentId, null, null, Instant.now(), OTHER_STAGE);
        send(Topics.DOCUMENT_ROUTED, new DocumentRouted(routedHeader, "REFERRAL_LETTER", 0.93, 1, Route.LOCAL, false,
                List.of("tier 1 referral: local by default"), "default", "1",
                ContentRef.stored("text/plain", 10, "0".repeat(64), "blob:" + tenant + "/" + documentId + "/text"),
                new Intake(Priority.ROUTINE, Set.of(), false)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(tenant, documentId)
                .body("stages.find { it.stage == 'router' }.state", equalTo("COMPLETED"))
                .body("stages.find { it.stage == 'router' }.detail", equalTo("LOCAL"))
                .body("stages.find { it.stage == 'llm-local' }.state", equalTo("PENDING"))
                .body("stages.find { it.stage == 'llm-cloud' }.state", equalTo("SKIPPED")));
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheProjectionKeepsFlowing() throws Exception {
        String tenant = "poison-" + System.nanoTime();
        String documentId = upload(tenant);
        String poison = "not an event " + tenant;
        try (KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.INGEST))) {
            producer.send(new ProducerRecord<>(Topics.DOCUMENT_EXTRACTED, documentId,
                    poison.getBytes(StandardCharsets.UTF_8))).get();

            var dead = dlq.awaitRecord(r -> poison.equals(new String(r.value(), StandardCharsets.UTF_8)),
                    Duration.ofSeconds(20));
            assertThat(dead.headers().lastHeader("dead-letter-reason")).isNotNull();
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .doesNotContain(tenant);
        }

        EventHeader failedHeader = new EventHeader(java.util.UUID.randomUUID().toString(), StageFailed.TYPE,
                StageFailed.SCHEMA_VERSION, tenant, documentId, documentId, null, null, Instant.now(),
                new Producer("ocr-service", "test"));
        send(Topics.STAGE_FAILURES,
                new StageFailed(failedHeader, Stage.OCR, "ocr.page-timeout", "Page 2 timed out.", true, null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(tenant, documentId)
                .body("overall", equalTo("FAILED"))
                .body("stages.find { it.stage == 'ocr' }.state", equalTo("FAILED"))
                .body("stages.find { it.stage == 'ocr' }.detail", equalTo("ocr.page-timeout")));
    }

    private static String upload(String tenant) {
        String documentId = given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("file", "x.png", DocumentFixtures.png("Status " + tenant, 150).bytes(), "image/png")
                .when().post("/v1/documents")
                .then().statusCode(202).extract().path("documentId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(tenant, documentId)
                .body("stages[0].state", equalTo("COMPLETED")));
        return documentId;
    }

    private static io.restassured.response.ValidatableResponse status(String tenant, String documentId) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .when().get("/v1/documents/{id}", documentId)
                .then().statusCode(200);
    }

    private void send(String topic, PipelineEvent event) throws Exception {
        SealedRecord sealed = envelope.seal(event);
        producer.send(new ProducerRecord<>(topic, null, sealed.key(), sealed.value(), sealed.headers())).get();
    }
}
