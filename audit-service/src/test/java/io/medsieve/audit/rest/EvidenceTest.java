package io.medsieve.audit.rest;

import io.medsieve.api.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsieve.audit.Pipeline;
import io.medsieve.audit.verify.EvidenceManifest;
import io.medsieve.audit.verify.EvidenceVerifier;
import io.medsieve.audit.verify.MerkleTree;
import io.medsieve.audit.verify.SignedTreeHead;
import io.medsieve.events.EventJson;
import io.medsieve.events.PipelineEvent;
import io.medsieve.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Evidence packages and proofs, checked by the offline verifier and by the RFC 9162 verification algorithms with
 * the public key from the API, never by asking the server whether they are fine.
 */
@QuarkusTest
class EvidenceTest {

    private static final ObjectMapper JSON = EventJson.configure(new ObjectMapper());
    private static Pipeline pipeline;
    private static String tenantA;
    private static String tenantB;
    private static String documentA;
    private static String documentB;
    private static List<PipelineEvent> journeyA;

    @BeforeAll
    static void seed() throws Exception {
        pipeline = new Pipeline();
        tenantA = Pipeline.tenant("clinic-a");
        tenantB = Pipeline.tenant("clinic-b");
        documentA = Pipeline.documentId();
        documentB = Pipeline.documentId();
        journeyA = Pipeline.journey(tenantA, documentA);
        List<PipelineEvent> journeyB = Pipeline.journey(tenantB, documentB).subList(0, 3);
        for (int i = 0; i < journeyA.size(); i++) {
            pipeline.send(journeyA.get(i));
            if (i < journeyB.size()) {
                pipeline.send(journeyB.get(i)); // interleaved, so B's entries sit between A's in the chain
            }
        }
        Pipeline.awaitEntries(Pipeline.ids(journeyA));
        Pipeline.awaitEntries(Pipeline.ids(journeyB));
    }

    @AfterAll
    static void disconnect() {
        pipeline.close();
    }

    @Test
    void documentEvidenceVerifiesOfflineAndHoldsOnlyTheTenantsEntries() throws Exception {
        byte[] zip = evidence(tenantA, "/v1/evidence/documents/" + documentA);
        EvidenceVerifier.Result result = new EvidenceVerifier(publicKey()).verify(zip);
        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.entriesVerified()).isEqualTo(journeyA.size());

        Map<String, byte[]> files = unzip(zip);
        String entries = new String(files.get(EvidenceManifest.ENTRIES), StandardCharsets.UTF_8);
        assertThat(entries).doesNotContain(tenantB).doesNotContain(documentB).doesNotContain(Pipeline.CANARY);
        assertThat(entries).contains("llama-3.1-8b-instruct", "redaction-rules-12", "default-policy",
                "\"decision\\\":\\\"APPROVED", "llm-cloud.skipped");
    }

    @Test
    void alteredEvidenceFailsOfflineVerification() throws Exception {
        byte[] zip = evidence(tenantA, "/v1/evidence/documents/" + documentA);
        Map<String, byte[]> files = unzip(zip);
        String entries = new String(files.get(EvidenceManifest.ENTRIES), StandardCharsets.UTF_8);
        files.put(EvidenceManifest.ENTRIES, entries.replace("APPROVED", "REJECTED").getBytes(StandardCharsets.UTF_8));
        EvidenceVerifier.Result result = new EvidenceVerifier(publicKey()).verify(zip(files));
        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("hash does not match"));

        // A package signed by someone else's key is refused too.
        PublicKey other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        assertThat(new EvidenceVerifier(other).verify(zip).valid()).isFalse();
    }

    @Test
    void anotherTenantsDocumentIsNotFound() {
        given().auth().oauth2(TestTokens.forTenant(tenantB, "auditor"))
                .when().get("/v1/evidence/documents/" + documentA)
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE).body("code", equalTo("not-found"));
        given().when().get("/v1/evidence/documents/" + documentA)
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("authentication-required"));
        given().auth().oauth2(TestTokens.withoutTenant("auditor")).when().get("/v1/evidence/documents/" + documentA)
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("code", equalTo("tenant-required"));
    }

    @Test
    void onlyAuditorsReadTheLedgerAndOnlyTenantAdminsRecordErasures() {
        for (String role : new String[]{"uploader", "reviewer", "tenant-admin", "platform-admin", "phi-reidentify"}) {
            String token = TestTokens.forTenant(tenantA, role);
            for (String path : List.of("/v1/evidence/documents/" + documentA, "/v1/ledger/tree-head",
                    "/v1/ledger/verify", "/v1/ledger/public-key")) {
                given().auth().oauth2(token).when().get(path)
                        .then().statusCode(403).contentType(Problem.MEDIA_TYPE).body("code", equalTo("role-required"));
            }
        }
        given().auth().oauth2(TestTokens.forTenant(tenantA, "auditor")).contentType("application/json")
                .body(Map.of("scope", "TENANT", "reasonCode", "gdpr.art17"))
                .when().post("/v1/ledger/erasures").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void rangeEvidenceHoldsOnlyTheCallersEntries() throws Exception {
        byte[] zip = evidence(tenantB, "/v1/evidence?from=" + Instant.now().minusSeconds(3600) + "&to="
                + Instant.now().plusSeconds(3600));
        assertThat(new EvidenceVerifier(publicKey()).verify(zip).valid()).isTrue();
        JsonNode entries = JSON.readTree(unzip(zip).get(EvidenceManifest.ENTRIES));
        assertThat(entries).hasSize(3);
        entries.forEach(item -> assertThat(item.path("entry").path("tenantId").asText()).isEqualTo(tenantB));
    }

    @Test
    void inclusionProofVerifiesAgainstTheSignedHead() throws Exception {
        long sequence = sequenceOf(journeyA.get(2).header().eventId());
        JsonNode proof = JSON.readTree(given().auth().oauth2(TestTokens.forTenant(tenantA, "auditor"))
                .when().get("/v1/ledger/entries/" + sequence + "/proof").then().statusCode(200)
                .extract().asByteArray());
        SignedTreeHead head = JSON.treeToValue(proof.path("treeHead"), SignedTreeHead.class);
        assertThat(head.verify(publicKey())).isTrue();
        List<byte[]> path = hashes(proof.path("auditPath"));
        byte[] leaf = MerkleTree.leafHash(HexFormat.of().parseHex(proof.path("entryHash").asText()));
        assertThat(MerkleTree.verifyInclusion(sequence, head.treeSize(), leaf, path,
                HexFormat.of().parseHex(head.rootHash()))).isTrue();

        given().auth().oauth2(TestTokens.forTenant(tenantB, "auditor"))
                .when().get("/v1/ledger/entries/" + sequence + "/proof")
                .then().statusCode(404);
    }

    @Test
    void laterTreeHeadIsConsistentWithAnEarlierOne() throws Exception {
        SignedTreeHead first = treeHead();
        PipelineEvent extra = Pipeline.journey(tenantA, Pipeline.documentId()).getFirst();
        pipeline.send(extra);
        Pipeline.awaitEntries(Pipeline.ids(List.of(extra)));
        SignedTreeHead second = treeHead();
        assertThat(second.treeSize()).isGreaterThan(first.treeSize());
        assertThat(first.verify(publicKey())).isTrue();
        assertThat(second.verify(publicKey())).isTrue();

        JsonNode proof = JSON.readTree(given().auth().oauth2(TestTokens.forTenant(tenantA, "auditor"))
                .queryParam("first", first.treeSize()).queryParam("second", second.treeSize())
                .when().get("/v1/ledger/consistency").then().statusCode(200).extract().asByteArray());
        assertThat(MerkleTree.verifyConsistency(first.treeSize(), second.treeSize(),
                HexFormat.of().parseHex(first.rootHash()), HexFormat.of().parseHex(second.rootHash()),
                hashes(proof.path("proof")))).isTrue();
    }

    @Test
    void erasureIsALedgerEventAndTheLedgerStaysVerifiable() throws Exception {
        String tenant = Pipeline.tenant("erased");
        given().auth().oauth2(TestTokens.forTenant(tenant, "tenant-admin")).contentType("application/json")
                .body(Map.of("scope", "PATIENT", "subjectId", "patient-key-42", "keyId", "kek-7",
                        "reasonCode", "gdpr.art17"))
                .when().post("/v1/ledger/erasures").then().statusCode(201);
        given().auth().oauth2(TestTokens.forTenant(tenant, "tenant-admin")).contentType("application/json")
                .body(Map.of("scope", "EVERYTHING", "reasonCode", "x"))
                .when().post("/v1/ledger/erasures").then().statusCode(400).contentType(Problem.MEDIA_TYPE);

        given().auth().oauth2(TestTokens.forTenant(tenant, "auditor")).when().get("/v1/ledger/verify")
                .then().statusCode(200).body("valid", equalTo(true));
        byte[] zip = evidence(tenant, "/v1/evidence?from=" + Instant.now().minusSeconds(3600) + "&to="
                + Instant.now().plusSeconds(3600));
        assertThat(new EvidenceVerifier(publicKey()).verify(zip).valid()).isTrue();
        String entries = new String(unzip(zip).get(EvidenceManifest.ENTRIES), StandardCharsets.UTF_8);
        assertThat(entries).contains("CryptoShredding", "gdpr.art17", "sha256:").doesNotContain("patient-key-42");
    }

    private static byte[] evidence(String tenant, String path) {
        Response response = given().auth().oauth2(TestTokens.forTenant(tenant, "auditor")).when().get(path);
        response.then().statusCode(200).contentType("application/zip");
        return response.asByteArray();
    }

    private static SignedTreeHead treeHead() throws Exception {
        return JSON.readValue(given().auth().oauth2(TestTokens.forTenant(tenantA, "auditor"))
                .when().get("/v1/ledger/tree-head")
                .then().statusCode(200).extract().asByteArray(), SignedTreeHead.class);
    }

    private static PublicKey publicKey() throws Exception {
        return EvidenceVerifier.readPublicKey(given().auth().oauth2(TestTokens.forTenant(tenantA, "auditor"))
                .when().get("/v1/ledger/public-key").then().statusCode(200).extract().asString());
    }

    private static long sequenceOf(String eventId) throws Exception {
        try (var db = Pipeline.superuser(); var query = db.prepareStatement(
                "select sequence from ledger_entry where event_id = ?")) {
            query.setString(1, eventId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new java.util.ArrayList<>();
        array.forEach(node -> out.add(HexFormat.of().parseHex(node.asText())));
        return out;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
