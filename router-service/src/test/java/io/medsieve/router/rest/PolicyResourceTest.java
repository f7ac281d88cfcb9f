package io.medsieve.router.rest;

import io.medsieve.api.Problem;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Priority;
import io.medsieve.events.Route;
import io.medsieve.events.Topics;
import io.medsieve.router.messaging.RouterTestDocuments;
import io.medsieve.router.config.RouterConfig;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.PostgresResource;
import io.medsieve.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The policy API against the real database: versions are kept and the latest is active (for the API and for
 * routing), mistakes are answered as problem+json, tenants stay apart, and a simulation of a proposed policy
 * reports which recent decisions would change.
 */
@QuarkusTest
class PolicyResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    DocumentBlobs blobs;

    @Inject
    EventEnvelope envelope;

    @Inject
    RouterConfig config;

    static String defaultYaml() {
        try (InputStream in = PolicyResourceTest.class.getResourceAsStream("/policies/default.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("version: \"default-1\"\n", "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default with tier 3 allowed to batch in the cloud: what a careless author might propose. */
    static String tierThreeToCloud(String policyId) {
        return defaultYaml().replace("policyId: medsieve-default", "policyId: " + policyId)
                .replace("    routes: [LOCAL, HUMAN_ONLY]", "    routes: [LOCAL, CLOUD_BATCH, HUMAN_ONLY]");
    }

    /** RestAssured cannot encode a String for a YAML media type: send the bytes. */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A token of the tenant's administrator, the role that manages its policy. */
    private static String admin(String tenant) {
        return TestTokens.forTenant(tenant, "tenant-admin");
    }

    private static ValidatableResponse put(String tenant, String path, String yaml) {
        return given().auth().oauth2(admin(tenant)).contentType("application/yaml").body(utf8(yaml))
                .put("/v1/policies/" + path).then();
    }

    @Test
    void tenantWithoutPolicyUsesTheDefault() {
        given().auth().oauth2(admin("fresh-tenant")).get("/v1/policies/fresh-tenant").then()
                .statusCode(200)
                .body("source", equalTo("default"))
                .body("policyId", equalTo("medsieve-default"))
                .body("version", equalTo("default-1"));
    }

    @Test
    void everyVersionIsKeptAndTheLatestIsActive() {
        put("versioned", "versioned", tierThreeToCloud("first")).statusCode(201)
                .body("version", equalTo("1")).body("policyId", equalTo("first"));
        put("versioned", "versioned", tierThreeToCloud("second")).statusCode(201)
                .body("version", equalTo("2"));

        given().auth().oauth2(admin("versioned")).get("/v1/policies/versioned").then()
                .statusCode(200).body("version", equalTo("2")).body("policyId", equalTo("second"))
                .body("source", equalTo("tenant"));
        given().auth().oauth2(admin("versioned")).get("/v1/policies/versioned/versions").then()
                .statusCode(200).body("$", hasSize(2)).body("[0].policyId", equalTo("first"));
    }

    @Test
    void historyCannotBeRewrittenInTheDatabase() throws SQLException {
        put("immutable", "immutable", tierThreeToCloud("only")).statusCode(201);
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            assertThatThrownBy(() -> db.createStatement().executeUpdate(
                    "update routing_policy set document = 'x' where tenant_id = 'immutable'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.createStatement().executeUpdate(
                    "delete from routing_policy where tenant_id = 'immutable'"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void invalidPolicyIsAProblemNamingEveryMistake() {
        String yaml = defaultYaml().replace("PSYCHIATRIC_NOTE: 3", "PSYCHIATRIC_NOTE: 7")
                .replace("action: REVIEW", "action: SHRUG");
        put("careless", "careless", yaml).statusCode(422)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("invalid-policy"))
                .body("detail", containsString("classes.PSYCHIATRIC_NOTE must be a tier"))
                .body("detail", containsString("ocr.action must be REVIEW or HUMAN_ONLY"));
        put("careless", "careless", "policyId: [").statusCode(422).body("detail", containsString("not valid YAML"));
        put("careless", "careless", defaultYaml() + "version: \"9\"\n").statusCode(422)
                .body("detail", containsString("version is assigned by the server"));
        given().auth().oauth2(admin("careless")).get("/v1/policies/careless").then()
                .body("source", equalTo("default"));
    }

    @Test
    void anotherTenantsPolicyIsNotFound() {
        put("tenant-x", "tenant-y", tierThreeToCloud("intruder")).statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("code", equalTo("policy-not-found"));
        given().auth().oauth2(admin("tenant-x")).get("/v1/policies/tenant-y").then().statusCode(404);
        given().get("/v1/policies/tenant-y").then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("authentication-required"));
    }

    @Test
    void auditorsReadTenantAdminsWriteOthersAreForbidden() {
        given().auth().oauth2(TestTokens.forTenant("roles", "auditor")).get("/v1/policies/roles").then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.forTenant("roles", "auditor")).get("/v1/policies/roles/versions").then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.forTenant("roles", "auditor")).contentType("application/yaml")
                .body(utf8(tierThreeToCloud("by-auditor"))).put("/v1/policies/roles").then()
                .statusCode(403).contentType(Problem.MEDIA_TYPE).body("code", equalTo("role-required"));
        for (String role : new String[]{"uploader", "reviewer", "phi-reidentify"}) {
            given().auth().oauth2(TestTokens.forTenant("roles", role)).get("/v1/policies/roles").then()
                    .statusCode(403).contentType(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void platformAdminManagesAnyTenantsPolicy() {
        String admin = TestTokens.withoutTenant("platform-admin");
        given().auth().oauth2(admin).contentType("application/yaml").body(utf8(tierThreeToCloud("onboarded")))
                .put("/v1/policies/onboarded").then().statusCode(201).body("tenant", equalTo("onboarded"));
        given().auth().oauth2(admin).get("/v1/policies/onboarded").then().statusCode(200)
                .body("policyId", equalTo("onboarded"));
        given().auth().oauth2(admin).get("/v1/policies/Not..A..Tenant").then().statusCode(404);
        given().auth().oauth2(admin("onboarded")).get("/v1/policies/onboarded")
                .then().statusCode(200).body("policyId", equalTo("onboarded"));
    }

    @Test
    void storedPolicyRoutesAndSimulationShowsWhatWouldChange() throws Exception {
        String tenant = "simulated";
        try (RouterTestDocuments documents = new RouterTestDocuments(blobs, envelope, config.redactedTextPurpose());
             KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.DOCUMENT_ROUTED)) {
            DocumentRedacted psych = documents.send(documents.psychiatricNote(tenant, true));
            DocumentRedacted claim = documents.send(documents.claim(tenant, true));
            DocumentRedacted noConsent = documents.send(documents.psychiatricNote(tenant, false));
            Map<String, DocumentRouted> routed = new java.util.HashMap<>();
            for (DocumentRedacted d : List.of(psych, claim, noConsent)) {
                var record = out.awaitRecord(r -> d.header().documentId().equals(r.key()), WAIT);
                routed.put(d.header().documentId(), envelope.open(record, DocumentRouted.class));
            }
            assertThat(routed.get(psych.header().documentId()).route()).isEqualTo(Route.LOCAL);

            // Tier 3 to cloud batch: only the consented psychiatric note would move.
            given().auth().oauth2(admin(tenant)).contentType("application/yaml")
                    .body(utf8(tierThreeToCloud("proposal"))).queryParam("n", 10)
                    .post("/v1/policies/" + tenant + "/simulate").then()
                    .statusCode(200)
                    .body("proposedPolicyId", equalTo("proposal"))
                    .body("evaluated", equalTo(3))
                    .body("changed", equalTo(1))
                    .body("transitions.'LOCAL->CLOUD_BATCH'", equalTo(1))
                    .body("changes[0].documentId", equalTo(psych.header().documentId()))
                    .body("changes[0].currentRoute", equalTo("LOCAL"))
                    .body("changes[0].proposedRoute", equalTo("CLOUD_BATCH"))
                    .body("changes[0].text", nullValue());
            given().auth().oauth2(admin(tenant)).contentType("application/yaml")
                    .body(utf8(tierThreeToCloud("proposal"))).queryParam("n", 0)
                    .post("/v1/policies/" + tenant + "/simulate").then().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE);

            // Stored, the policy is the tenant's active one and routes new documents.
            put(tenant, tenant, tierThreeToCloud("adopted")).statusCode(201).body("version", equalTo("1"));
            DocumentRedacted next = documents.send(documents.psychiatricNote(tenant, true));
            var record = out.awaitRecord(r -> next.header().documentId().equals(r.key()), WAIT);
            DocumentRouted adopted = envelope.open(record, DocumentRouted.class);
            assertThat(KafkaTestConsumer.header(record, KafkaHeaders.TENANT)).isEqualTo(tenant);
            assertThat(adopted.policyId()).isEqualTo("adopted");
            assertThat(adopted.policyVersion()).isEqualTo("1");
            assertThat(adopted.route()).isEqualTo(Route.CLOUD_BATCH);
            assertThat(adopted.humanReviewRequired()).isTrue();
        }
    }

    @Test
    void simulationRefusesAnInvalidProposal() {
        given().auth().oauth2(admin("simulated-2")).contentType(ContentType.TEXT).body(utf8("policyId: x\n"))
                .post("/v1/policies/simulated-2/simulate").then()
                .statusCode(422).body("code", equalTo("invalid-policy"));
    }
}
