package io.medsieve.router.messaging;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Priority;
import io.medsieve.events.Route;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.router.config.RouterConfig;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.PostgresResource;
import io.medsieve.testsupport.documents.Canary;
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
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage end to end over the real broker and database with the default policy: the routing scenarios users rely
 * on, schema-valid events with the standard headers, the redacted text as payload for every route, PHI-free stored
 * features, and a canary name that slipped past redaction reaching neither logs nor events.
 */
@QuarkusTest
class RouterPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    @Inject
    RouterConfig config;

    RouterTestDocuments documents;

    @BeforeEach
    void connect() {
        documents = new RouterTestDocuments(blobs, envelope, config.redactedTextPurpose());
    }

    @AfterEach
    void disconnect() {
        documents.close();
    }

    @Test
    void tierThreePsychiatricNoteWithConsentStaysLocal() throws Exception {
        String canary = Canary.newName();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            // A name redaction missed: the flag is false (the check did not see it either) and still nothing leaks.
            DocumentRedacted redacted = documents.send(documents.stored("tenant-a",
                    Samples.PSYCHIATRIC_NOTE + "Collateral from " + canary + ".", Priority.ROUTINE, true, false,
                    91.0, List.of()));

            DocumentRouted routed = routed(out, redacted);

            assertThat(routed.documentClass()).isEqualTo("PSYCHIATRIC_NOTE");
            assertThat(routed.tier()).isEqualTo(3);
            assertThat(routed.route()).isEqualTo(Route.LOCAL);
            assertThat(routed.humanReviewRequired()).isTrue();
            assertThat(routed.reasons()).anySatisfy(r -> assertThat(r).startsWith("tier.no-cloud:"));
            assertThat(routed.policyId()).isEqualTo("medsieve-default");
            assertThat(routed.policyVersion()).isEqualTo("default-1");
            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
        }
    }

    @Test
    void urgentReferralWithConsentGoesToCloudSyncWithReview() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted redacted = documents.send(documents.stored("tenant-a", Samples.REFERRAL,
                    Priority.URGENT, true, false, 95.0, List.of()));

            DocumentRouted routed = routed(out, redacted);

            assertThat(routed.documentClass()).isEqualTo("REFERRAL_LETTER");
            assertThat(routed.tier()).isEqualTo(1);
            assertThat(routed.route()).isEqualTo(Route.CLOUD_SYNC);
            assertThat(routed.humanReviewRequired()).isTrue();
            assertThat(routed.reasons()).anySatisfy(r -> assertThat(r).startsWith("urgency.urgent:"));
        }
    }

    @Test
    void routineClaimWithConsentGoesToCloudBatch() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted redacted = documents.send(documents.stored("tenant-a", Samples.CLAIM,
                    Priority.ROUTINE, true, false, 88.0, List.of()));

            DocumentRouted routed = routed(out, redacted);

            assertThat(routed.documentClass()).isEqualTo("BILLING_CLAIM");
            assertThat(routed.tier()).isEqualTo(2);
            assertThat(routed.route()).isEqualTo(Route.CLOUD_BATCH);
            assertThat(routed.humanReviewRequired()).isFalse();
        }
    }

    @Test
    void residualPhiNeverGoesToTheCloud() throws Exception {
        String canary = Canary.newName();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted redacted = documents.send(documents.stored("tenant-a",
                    Samples.REFERRAL + "cc: " + canary, Priority.URGENT, true, true, 95.0, List.of()));

            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> redacted.header().documentId().equals(r.key()), WAIT);
            DocumentRouted routed = valid(record, redacted);

            assertThat(routed.route()).isIn(Route.LOCAL, Route.HUMAN_ONLY);
            assertThat(routed.reasons()).anySatisfy(r -> assertThat(r).startsWith("phi.residual:"));
            String value = new String(record.value(), StandardCharsets.UTF_8);
            for (String fragment : Canary.fragments(canary)) {
                assertThat(value).doesNotContain(fragment);
                for (Header header : record.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(fragment);
                }
            }
            logs.assertNoneContains(Canary.fragments(canary).toArray(String[]::new));
        }
    }

    @Test
    void noConsentNeverGoesToTheCloud() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted claim = documents.send(documents.stored("tenant-a", Samples.CLAIM,
                    Priority.ROUTINE, false, false, 90.0, List.of()));
            DocumentRedacted referral = documents.send(documents.stored("tenant-a", Samples.REFERRAL,
                    Priority.URGENT, false, false, 90.0, List.of()));

            for (DocumentRedacted redacted : List.of(claim, referral)) {
                DocumentRouted routed = routed(out, redacted);
                assertThat(routed.route()).isIn(Route.LOCAL, Route.HUMAN_ONLY);
                assertThat(routed.reasons()).anySatisfy(r -> assertThat(r).startsWith("consent.absent:"));
            }
        }
    }

    @Test
    void unreadableTextFailsClosedToHumanOnly() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted stored = documents.stored("tenant-a", Samples.REFERRAL, Priority.URGENT, true, false,
                    95.0, List.of());
            // Same reference, another document: the blob store refuses it, as it would a forged event.
            DocumentRedacted forged = new DocumentRedacted(new io.medsieve.events.EventHeader(
                    UUID.randomUUID().toString(), DocumentRedacted.TYPE, DocumentRedacted.SCHEMA_VERSION, "tenant-a",
                    UUID.randomUUID().toString(), UUID.randomUUID().toString(), null, null,
                    java.time.Instant.now(), stored.header().producer()), stored.redactedText(), null,
                    stored.entities(), false, stored.redactionVersion(), stored.intake(), 95.0, List.of());
            documents.send(forged);

            DocumentRouted routed = routed(out, forged);

            assertThat(routed.route()).isEqualTo(Route.HUMAN_ONLY);
            assertThat(routed.humanReviewRequired()).isTrue();
            assertThat(routed.tier()).isEqualTo(3);
            assertThat(routed.documentClass()).isEqualTo("OTHER");
            assertThat(routed.reasons().get(0)).startsWith("text.invalid-reference:");
        }
    }

    @Test
    void storedPolicyThatNoLongerValidatesFailsClosed() throws Exception {
        // Written past the API (which would refuse it), as an older, laxer version of the service might have.
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().executeUpdate("insert into routing_policy (tenant_id, version, policy_id, document)"
                    + " values ('broken-tenant', 1, 'broken', 'policyId: broken')");
        }
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted redacted = documents.send(documents.stored("broken-tenant", Samples.REFERRAL,
                    Priority.URGENT, true, false, 95.0, List.of()));

            DocumentRouted routed = routed(out, redacted);

            assertThat(routed.route()).isEqualTo(Route.HUMAN_ONLY);
            assertThat(routed.humanReviewRequired()).isTrue();
            assertThat(routed.tier()).isEqualTo(3);
            assertThat(routed.policyId()).isEqualTo("none");
            assertThat(routed.reasons()).singleElement().satisfies(r -> assertThat(r).startsWith("policy.invalid:"));
        }
    }

    @Test
    void redeliveredInputYieldsTheSameEventIdAndOneFeatureRow() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted redacted = documents.stored("tenant-b", Samples.CLAIM, Priority.ROUTINE, true, false,
                    90.0, List.of(2));
            documents.send(redacted);
            documents.send(redacted);

            String documentId = redacted.header().documentId();
            ConsumerRecord<String, byte[]> first = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            ConsumerRecord<String, byte[]> second = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            assertThat(KafkaTestConsumer.header(second, KafkaHeaders.EVENT_ID))
                    .isEqualTo(KafkaTestConsumer.header(first, KafkaHeaders.EVENT_ID));

            try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                 ResultSet rows = db.createStatement().executeQuery(
                         "select * from routed_document where document_id = '" + documentId + "'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("document_class")).isEqualTo("BILLING_CLAIM");
                assertThat(rows.getString("route")).isEqualTo("CLOUD_BATCH");
                assertThat(rows.getInt("low_confidence_pages")).isEqualTo(1);
                assertThat(rows.getBoolean("human_review")).isTrue();
                assertThat(rows.getString("entity_counts")).contains("\"PERSON\": 2").contains("\"DATE\": 1");
                assertThat(rows.getLong("redacted_bytes")).isEqualTo(Samples.CLAIM.getBytes(StandardCharsets.UTF_8).length);
                // Every column is a feature or a decision: no text, no placeholder, no PHI.
                ResultSetMetaData meta = rows.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rows.getString(i);
                    assertThat(value == null ? "" : value).doesNotContain("[PERSON_").doesNotContain("Member");
                }
                assertThat(rows.next()).as("one row per input event").isFalse();
            }
        }
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopic() throws Exception {
        String canary = Canary.newName();
        String key = UUID.randomUUID().toString();
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer dlq = KafkaTestConsumer.subscribe(Topics.deadLetter(Stage.ROUTER))) {
            documents.sendRaw(key, ("{\"header\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8));

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecord(r -> key.equals(r.key()), WAIT);
            for (Header header : dead.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(canary);
            }
            logs.assertNoneContains(canary);
        }
    }

    @Test
    void metricsCountRoutesByClassWithoutContentInLabels() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted redacted = documents.send(documents.stored("tenant-c", Samples.PSYCHIATRIC_NOTE,
                    Priority.ROUTINE, true, false, 90.0, List.of()));
            routed(out, redacted);
        }
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("medsieve_router_documents_total{class=\"psychiatric_note\",route=\"local\"")
                .contains("medsieve_router_rules_total{rule=\"tier.no-cloud\"");
        assertThat(metrics).doesNotContain("tenant-c");
    }

    private DocumentRouted routed(KafkaTestConsumer out, DocumentRedacted redacted) {
        ConsumerRecord<String, byte[]> record = out.awaitRecord(
                r -> redacted.header().documentId().equals(r.key()), WAIT);
        return valid(record, redacted);
    }

    /** Schema, headers, causation and the carried-forward payload and intake of every routed event. */
    private DocumentRouted valid(ConsumerRecord<String, byte[]> record, DocumentRedacted redacted) {
        DocumentRouted routed = envelope.open(record, DocumentRouted.class);
        assertThat(EventSchemaValidator.violations(DocumentRouted.TYPE, DocumentRouted.SCHEMA_VERSION,
                EventJson.write(routed))).isEmpty();
        assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_ID)).isEqualTo(routed.header().eventId());
        assertThat(KafkaTestConsumer.header(record, KafkaHeaders.EVENT_TYPE)).isEqualTo(DocumentRouted.TYPE);
        assertThat(KafkaTestConsumer.header(record, KafkaHeaders.TENANT)).isEqualTo(redacted.header().tenantId());
        assertThat(routed.header().causationId()).isEqualTo(redacted.header().eventId());
        assertThat(routed.payload()).isEqualTo(redacted.redactedText());
        assertThat(routed.intake()).isEqualTo(redacted.intake());
        assertThat(routed.classConfidence()).isBetween(0.0, 1.0);
        return routed;
    }
}
