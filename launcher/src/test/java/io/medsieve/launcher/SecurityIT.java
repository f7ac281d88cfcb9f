package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #9's authentication and tenant isolation against the real thing: Keycloak from the Maven distribution with
 * deploy/keycloak/medsieve-realm.json, and every service with an API as its own JVM, with tokens obtained by the
 * password and client-credentials grants. No token is a 401, a wrong role a 403, another tenant's document, ledger
 * evidence, placeholders or policy a 404, and each role's own work succeeds. The ordinary service tests cover the
 * role and tenant permutations with locally signed tokens; this test proves Keycloak's tokens fit them.
 */
class SecurityIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String PROBLEM = "application/problem+json";
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void keycloakTokensAreRequiredRoleCheckedAndTenantBound() throws Exception {
        for (ServiceSpec spec : ServiceSpec.ALL) {
            Path runner = REPOSITORY.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
            assumeTrue(Files.isRegularFile(runner),
                    "package every service first (the reactor build does): " + spec.name());
        }
        byte[] letter = Files.readAllBytes(REPOSITORY.resolve("samples/referral-letter.pdf"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean ok;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            ok = new MedSieveLauncher(REPOSITORY, out).launch(false, stack -> {
                check(stack, letter);
                return true;
            });
        }
        System.out.println(captured.toString(StandardCharsets.UTF_8));
        assertThat(ok).isTrue();
    }

    private void check(RunningStack stack, byte[] letter) throws Exception {
        AccessTokens tokens = stack.tokens();
        String ingest = stack.baseUrl("ingest-service");
        String redaction = stack.baseUrl("redaction-service");
        String router = stack.baseUrl("router-service");
        String audit = stack.baseUrl("audit-service");

        // Health stays open; every API refuses a request without a token with a problem.
        for (String base : stack.baseUrls().values()) {
            assertThat(get(base + "/q/health/ready", null).statusCode()).isEqualTo(200);
        }
        for (HttpResponse<String> anonymous : List.of(
                get(ingest + "/v1/documents/00000000-0000-0000-0000-000000000000", null),
                post(redaction + "/v1/documents/x/reidentify", null, "{\"text\":\"t\"}"),
                get(router + "/v1/policies/demo-clinic", null),
                get(audit + "/v1/ledger/tree-head", null),
                get(audit + "/v1/evidence/documents/x", null))) {
            assertProblem(anonymous, 401, "authentication-required");
        }
        assertProblem(get(ingest + "/v1/documents/x", "not-a-token"), 401, "authentication-required");

        // uploader: uploads as its token's tenant, reads the status
        HttpResponse<String> upload = stack.ingest().upload("letter.pdf", letter, Map.of("tasks", "summary"));
        assertThat(upload.statusCode()).as(upload.body()).isIn(200, 202);
        String documentId = json.readTree(upload.body()).path("documentId").asText();
        String uploader = tokens.forUser("demo-clinic-uploader");
        assertThat(get(ingest + "/v1/documents/" + documentId, uploader).statusCode()).isEqualTo(200);
        awaitRedacted(stack, documentId);

        // reviewer with phi-reidentify: re-identifies; a reviewer without it: 403
        String reviewer = tokens.forUser("demo-clinic-reviewer");
        assertThat(get(ingest + "/v1/documents/" + documentId, reviewer).statusCode()).isEqualTo(200);
        HttpResponse<String> restored = post(redaction + "/v1/documents/" + documentId + "/reidentify", reviewer,
                "{\"text\":\"Nothing to restore.\"}");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertProblem(post(redaction + "/v1/documents/" + documentId + "/reidentify",
                tokens.forUser("demo-clinic-triage"), "{\"text\":\"t\"}"), 403, "role-required");

        // auditor: ledger and evidence of its tenant, the policy; not placeholders
        String auditor = tokens.forUser("demo-clinic-auditor");
        assertThat(get(audit + "/v1/ledger/verify", auditor).statusCode()).isEqualTo(200);
        awaitStatus(audit + "/v1/evidence/documents/" + documentId, auditor, 200);
        assertThat(get(router + "/v1/policies/demo-clinic", auditor).statusCode()).isEqualTo(200);
        assertProblem(post(redaction + "/v1/documents/" + documentId + "/reidentify", auditor, "{\"text\":\"t\"}"),
                403, "role-required");

        // tenant-admin: the policy's history; not the ledger
        String tenantAdmin = tokens.forUser("demo-clinic-tenant-admin");
        assertThat(get(router + "/v1/policies/demo-clinic/versions", tenantAdmin).statusCode()).isEqualTo(200);
        assertProblem(get(audit + "/v1/ledger/tree-head", tenantAdmin), 403, "role-required");
        assertProblem(get(audit + "/v1/ledger/tree-head", uploader), 403, "role-required");

        // platform-admin: any tenant's policy, no documents
        String platformAdmin = tokens.forUser("platform-admin");
        assertThat(get(router + "/v1/policies/riverside-health", platformAdmin).statusCode()).isEqualTo(200);
        assertProblem(get(ingest + "/v1/documents/" + documentId, platformAdmin), 403, "role-required");

        // riverside-health's users see nothing of demo-clinic's: 404, as if it did not exist
        assertProblem(get(ingest + "/v1/documents/" + documentId, tokens.forUser("riverside-health-uploader")),
                404, "document-not-found");
        assertProblem(post(redaction + "/v1/documents/" + documentId + "/reidentify",
                tokens.forUser("riverside-health-reviewer"), "{\"text\":\"t\"}"), 404, "document-not-found");
        String riversideAuditor = tokens.forUser("riverside-health-auditor");
        assertThat(get(audit + "/v1/evidence/documents/" + documentId, riversideAuditor).statusCode()).isEqualTo(404);
        assertProblem(get(router + "/v1/policies/demo-clinic", tokens.forUser("riverside-health-tenant-admin")),
                404, "policy-not-found");

        // a service account's token is valid but carries no user role
        String serviceAccount = tokens.forClient("ingest-service", "ingest-service-demo-secret");
        assertProblem(get(ingest + "/v1/documents/" + documentId, serviceAccount), 403, "role-required");
    }

    private void awaitRedacted(RunningStack stack, String documentId) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            JsonNode status = stack.ingest().status(documentId);
            for (JsonNode stage : status.path("stages")) {
                if (stage.path("stage").asText().equals("redaction")
                        && stage.path("state").asText().equals("COMPLETED")) {
                    return;
                }
            }
            assertThat(Instant.now()).as("redaction of the upload: " + status).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private void awaitStatus(String url, String token, int expected) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        HttpResponse<String> response;
        while ((response = get(url, token)).statusCode() != expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertThat(response.statusCode()).as(url).isEqualTo(expected);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(PROBLEM));
        assertThat(new ObjectMapper().readTree(response.body()).path("code").asText()).isEqualTo(code);
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
