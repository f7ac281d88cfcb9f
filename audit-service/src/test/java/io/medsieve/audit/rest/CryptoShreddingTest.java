package io.medsieve.audit.rest;

import io.medsieve.api.Problem;
import io.medsieve.audit.Pipeline;
import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Topics;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.AssociatedData;
import io.medsieve.storage.crypto.EnvelopeCipher;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.storage.crypto.KeyProvider;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.SealedRecord;
import io.medsieve.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The tenant admin's crypto-shredding: afterwards the tenant's blobs, sealed Kafka records and placeholder-map
 * values are unreadable with a clear error, no new key appears for the tenant, other tenants are untouched, the
 * ledger holds the erasure and still verifies (including entries recorded before, whose sealed records can no longer
 * be opened). The placeholder map is sealed here exactly as redaction-service's {@code PlaceholderMap} seals each
 * value: {@link EnvelopeCipher} bound to (tenant, document, {@code placeholder-map}).
 */
@QuarkusTest
class CryptoShreddingTest {

    private static final String PLACEHOLDER_MAP_PURPOSE = "placeholder-map";

    @Inject
    DocumentBlobs blobs;

    @Inject
    EnvelopeCipher cipher;

    @Inject
    EventEnvelope envelope;

    @Inject
    KeyProvider keys;

    @Test
    void withoutAnIdentityTheEndpointRefuses() {
        given().contentType("application/json")
                .body(Map.of()).when().post("/v1/crypto-shredding/tenant").then().statusCode(401);
    }

    @Test
    void anotherRoleIsForbiddenAndTheKeySurvives() {
        String tenant = Pipeline.tenant("forbidden");
        String document = Pipeline.documentId();
        ContentRef ref = blobs.store(tenant, document, BlobPurposes.ORIGINAL, "text/plain",
                "kept".getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(TestTokens.forTenant(tenant, "auditor")).contentType("application/json").body(Map.of())
                .when().post("/v1/crypto-shredding/tenant").then().statusCode(403);
        assertThat(blobs.load(tenant, document, BlobPurposes.ORIGINAL, ref)).asString(StandardCharsets.UTF_8)
                .isEqualTo("kept");
    }

    @Test
    void shreddingMakesBlobsRecordsAndPlaceholderMapsUnreadableAndTheLedgerStillVerifies() throws Exception {
        String tenant = Pipeline.tenant("shred");
        String survivor = Pipeline.tenant("survivor");
        String document = Pipeline.documentId();
        byte[] original = ("Referral for " + Pipeline.CANARY).getBytes(StandardCharsets.UTF_8);
        ContentRef blob = blobs.store(tenant, document, BlobPurposes.ORIGINAL, "text/plain", original);
        AssociatedData mapBinding = new AssociatedData(tenant, document, PLACEHOLDER_MAP_PURPOSE);
        byte[] mapValue = cipher.seal(Pipeline.CANARY.getBytes(StandardCharsets.UTF_8), mapBinding);
        ContentRef survivorBlob = blobs.store(survivor, document, BlobPurposes.ORIGINAL, "text/plain", original);

        // The tenant's journey is in the ledger before the erasure; its sealed records are retained on the broker.
        List<PipelineEvent> journey = Pipeline.journey(tenant, document);
        SealedRecord retained;
        try (Pipeline pipeline = new Pipeline()) {
            for (PipelineEvent event : journey) {
                pipeline.send(event);
            }
        }
        retained = envelope.seal(journey.get(1));
        Pipeline.awaitEntries(Pipeline.ids(journey));
        assertThat(blobs.load(tenant, document, BlobPurposes.ORIGINAL, blob)).isEqualTo(original);

        given().auth().oauth2(TestTokens.forTenant(tenant, "tenant-admin")).contentType("application/json")
                .body(Map.of("reasonCode", "gdpr.art17"))
                .when().post("/v1/crypto-shredding/tenant")
                .then().statusCode(200)
                .body("tenantId", equalTo(tenant));

        assertThatThrownBy(() -> blobs.load(tenant, document, BlobPurposes.ORIGINAL, blob))
                .isInstanceOf(KeyUnavailableException.class).hasMessageStartingWith("key unavailable: keyId=")
                .hasMessageNotContaining(tenant);
        assertThatThrownBy(() -> cipher.open(mapValue, mapBinding))
                .isInstanceOf(KeyUnavailableException.class).hasMessageNotContaining(tenant);
        assertThatThrownBy(() -> envelope.open(retained.value(), retained.headers()))
                .isInstanceOf(EnvelopeRejectedException.class)
                .hasMessage("event envelope rejected (envelope.key-unavailable): "
                        + EnvelopeRejectedException.Reason.KEY_UNAVAILABLE.explanation());
        // No new key is created behind the erasure's back: storing for the tenant is refused.
        assertThatThrownBy(() -> blobs.store(tenant, Pipeline.documentId(), BlobPurposes.ORIGINAL, "text/plain",
                original)).isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> keys.newDataKey(tenant)).isInstanceOf(KeyUnavailableException.class);
        assertThat(blobs.load(survivor, document, BlobPurposes.ORIGINAL, survivorBlob)).isEqualTo(original);

        try (Connection db = Pipeline.superuser(); var query = db.prepareStatement(
                "select projection from ledger_entry where tenant_id = ? and entry_type = 'CryptoShredding'")) {
            query.setString(1, tenant);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as("erasure entry").isTrue();
                assertThat(rows.getString("projection")).contains("\"scope\":\"TENANT\"")
                        .contains("\"reasonCode\":\"gdpr.art17\"").contains("\"subject\":\"" + tenant + "\"");
            }
        }
        given().auth().oauth2(TestTokens.forTenant(tenant, "auditor")).when().get("/v1/ledger/verify")
                .then().statusCode(200).body("valid", equalTo(true));

        // A record of the shredded tenant still arriving is ledgered as unreadable evidence, never lost.
        try (Pipeline pipeline = new Pipeline()) {
            pipeline.send(Topics.DOCUMENT_EXTRACTED, retained);
        }
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> unreadableEntries(tenant) > 0);
        given().auth().oauth2(TestTokens.forTenant(tenant, "auditor")).when().get("/v1/ledger/verify")
                .then().statusCode(200).body("valid", equalTo(true));

        // Shredding again is idempotent and recorded again; the platform key is not a tenant's to shred.
        given().auth().oauth2(TestTokens.forTenant(tenant, "tenant-admin")).contentType("application/json").body(Map.of())
                .when().post("/v1/crypto-shredding/tenant").then().statusCode(200);
        given().auth().oauth2(TestTokens.forTenant("medsieve-platform", "tenant-admin")).contentType("application/json").body(Map.of())
                .when().post("/v1/crypto-shredding/tenant").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("key-not-shreddable"));
    }

    private static int unreadableEntries(String tenant) throws Exception {
        try (Connection db = Pipeline.superuser(); var query = db.prepareStatement(
                "select count(*) from ledger_entry where tenant_id = ? and entry_type = 'UnreadableEnvelope'"
                        + " and projection like '%envelope.key-unavailable%'")) {
            query.setString(1, tenant);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
