package io.medsieve.llmcloud.messaging;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.Intake;
import io.medsieve.events.Priority;
import io.medsieve.events.Producer;
import io.medsieve.events.Route;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Sha256;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.ProviderStubResource;
import io.medsieve.llmcloud.domain.AnalysisRequest;
import io.medsieve.llmcloud.repository.CloudRepository;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.EventEnvelope;
import io.medsieve.testsupport.EventSchemaValidator;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-tenant safeguards between a routed document and the provider, over the real broker and database: shifted
 * dates pass the egress guard exactly where the redaction stage declared them; a tenant's stricter detection policy
 * makes its guard stricter; a document without cloud consent and a request whose tenant policy changed since routing
 * are never sent; cost reservations are atomic, so concurrent sends and a whole batch cannot overshoot a budget.
 */
@QuarkusTest
class TenantSafeguardsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TENANT = "tenant-openai";
    private static final String PAGE_ONE = "Referral for [PERSON_3f9a] dated 04/02/2023. Type 2 diabetes mellitus,"
            + " HbA1c 7.2 %.";
    private static final String PAGE_TWO = "Seen again on 05/17/2023. Metformin 500 mg by mouth twice daily.";
    /** A tenant with date shifting: the redacted text keeps (shifted) dates, one per page. */
    private static final String SHIFTED_TEXT = PAGE_ONE + "\f" + PAGE_TWO;
    /** "nguyen" in lower case inside prose: a weak name hit (0.35), under the default bar, over tenant-strict's. */
    private static final String WEAK_NAME_TEXT = "Referral for [PERSON_3f9a]. Type 2 diabetes mellitus, HbA1c 7.2 %."
            + " Reviewed with nguyen in clinic.\fMetformin 500 mg by mouth twice daily. Follow up in 3 months.";
    private static final String COMPLETION = """
            {"id":"chatcmpl-safeguards","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Summary."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}
            """;

    @Inject
    DocumentBlobs blobs;
    @Inject
    CloudRepository repository;
    @Inject
    EventEnvelope envelope;

    private WireMock stub;
    private RoutedDocuments documents;

    @BeforeEach
    void setUp() {
        stub = ProviderStubResource.client();
        stub.resetMappings();
        stub.resetRequests();
        stub.resetScenarios();
        stub.register(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(COMPLETION)));
        documents = new RoutedDocuments(blobs, envelope);
    }

    @AfterEach
    void tearDown() {
        documents.close();
    }

    @Test
    void onlyTheDatesRedactionDeclaredAsShiftedPassTheGuard() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                Topics.SECURITY_EVENTS)) {
            // Declared: the page-1 date only. The page-2 date is a date nobody vouched for: blocked.
            DocumentRouted partly = documents.routed(TENANT, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    SHIFTED_TEXT, true);
            declareShiftedDates(partly, partly.payload().sha256(), List.of(pageOneDate()));
            // Both declared, but for another text (digest): nothing is vouched for in this one.
            DocumentRouted otherText = documents.routed(TENANT, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    SHIFTED_TEXT, true);
            declareShiftedDates(otherText, Sha256.hex("another text".getBytes(StandardCharsets.UTF_8)),
                    List.of(pageOneDate(), pageTwoDate()));
            for (DocumentRouted routed : List.of(partly, otherText)) {
                documents.send(routed);
                String documentId = routed.header().documentId();
                ConsumerRecord<String, byte[]> security = out.awaitRecord(
                        r -> documentId.equals(r.key()) && r.topic().equals(Topics.SECURITY_EVENTS), WAIT);
                SecurityEvent event = EventJson.read(security.value(), SecurityEvent.class);
                assertThat(event.kind()).isEqualTo("llm-cloud.egress-blocked");
                assertThat(event.detail()).contains("DATE").doesNotContain("05/17/2023").doesNotContain("04/02/2023");
                ConsumerRecord<String, byte[]> failure = out.awaitRecord(
                        r -> documentId.equals(r.key()) && r.topic().equals(Topics.STAGE_FAILURES), WAIT);
                assertThat(EventJson.read(failure.value(), StageFailed.class).reasonCode())
                        .isEqualTo("llm-cloud.egress-blocked");
            }
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();

            // Both dates declared for this very text: it goes out, shifted dates and all.
            DocumentRouted declared = documents.routed(TENANT, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    SHIFTED_TEXT, true);
            declareShiftedDates(declared, declared.payload().sha256(), List.of(pageOneDate(), pageTwoDate()));
            documents.send(declared);
            ConsumerRecord<String, byte[]> record = out.awaitRecord(
                    r -> declared.header().documentId().equals(r.key()), WAIT);
            assertThat(record.topic()).isEqualTo(Topics.ANALYSIS_PROPOSED);
            List<LoggedRequest> sent = stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions")));
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).getBodyAsString()).contains("04/02/2023").contains("05/17/2023");
        }
    }

    @Test
    void aTenantsStricterDetectionPolicyMakesItsGuardStricter() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                Topics.SECURITY_EVENTS)) {
            DocumentRouted strict = documents.send(documents.routed("tenant-strict", Route.CLOUD_SYNC,
                    Set.of(AnalysisTask.SUMMARY), WEAK_NAME_TEXT, true));
            ConsumerRecord<String, byte[]> security = out.awaitRecord(r -> strict.header().documentId()
                    .equals(r.key()) && r.topic().equals(Topics.SECURITY_EVENTS), WAIT);
            SecurityEvent event = EventJson.read(security.value(), SecurityEvent.class);
            assertThat(event.kind()).isEqualTo("llm-cloud.egress-blocked");
            assertThat(event.detail()).contains("NAME").doesNotContain("nguyen");
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();

            // The same text from a tenant on the default policy is below its bar and goes out.
            DocumentRouted lenient = documents.send(documents.routed(TENANT, Route.CLOUD_SYNC,
                    Set.of(AnalysisTask.SUMMARY), WEAK_NAME_TEXT, true));
            assertThat(out.awaitRecord(r -> lenient.header().documentId().equals(r.key()), WAIT).topic())
                    .isEqualTo(Topics.ANALYSIS_PROPOSED);
        }
    }

    @Test
    void aDocumentWithoutCloudConsentIsNeverSent() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                Topics.SECURITY_EVENTS)) {
            DocumentRouted routed = documents.send(documents.routed(TENANT, Route.CLOUD_SYNC,
                    EnumSet.of(AnalysisTask.SUMMARY, AnalysisTask.CODING), RoutedDocuments.CLEAN_TEXT, false));
            String documentId = routed.header().documentId();
            ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
            assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
            assertThat(EventSchemaValidator.violations(StageFailed.TYPE, StageFailed.SCHEMA_VERSION, record.value()))
                    .isEmpty();
            StageFailed failed = EventJson.read(record.value(), StageFailed.class);
            assertThat(failed.reasonCode()).isEqualTo("llm-cloud.no-consent");
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("human review");
            assertThat(failed.failedEventId()).isEqualTo(routed.header().eventId());

            assertThat(out.drainFor(Duration.ofSeconds(3))).noneMatch(r -> documentId.equals(r.key()));
            assertThat(requestCount(documentId)).isZero();
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
        }
    }

    @Test
    void anAllowListChangeBetweenRoutingAndDispatchBlocksTheSend() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES,
                Topics.SECURITY_EVENTS)) {
            // Requests recorded while the tenant's policy still named another provider (anthropic is no longer on
            // tenant-openai's allow-list), or while the provider's region was still allowed (tenant-eu-only now
            // allows eu only, the provider is in us): the dispatcher resolves the policy again and sends nothing.
            DocumentRouted providerRemoved = documents.routed(TENANT, Route.CLOUD_SYNC,
                    Set.of(AnalysisTask.SUMMARY), RoutedDocuments.CLEAN_TEXT, true);
            DocumentRouted regionRemoved = documents.routed("tenant-eu-only", Route.CLOUD_BATCH,
                    Set.of(AnalysisTask.SUMMARY), RoutedDocuments.CLEAN_TEXT, true);
            Instant now = Instant.now();
            repository.insertRequests(List.of(request(providerRemoved, "anthropic", "claude-sonnet-4-5"),
                    request(regionRemoved, "openai", "gpt-4o-mini")), now);

            Map<String, String> expected = Map.of(providerRemoved.header().documentId(), "llm-cloud.policy-changed",
                    regionRemoved.header().documentId(), "llm-cloud.region-not-allowed");
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> entry.getKey().equals(r.key()), WAIT);
                assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
                StageFailed failed = EventJson.read(record.value(), StageFailed.class);
                assertThat(failed.reasonCode()).isEqualTo(entry.getValue());
                assertThat(failed.retryable()).isFalse();
            }
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
        }
    }

    @Test
    void concurrentReservationsNeverExceedTheBudget() throws Exception {
        String tenant = "tenant-reservations-" + UUID.randomUUID();
        List<AnalysisRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            DocumentRouted routed = documents.routed(tenant, Route.CLOUD_SYNC, Set.of(AnalysisTask.SUMMARY),
                    RoutedDocuments.CLEAN_TEXT, true);
            requests.add(request(routed, "openai", "gpt-4o-mini"));
        }
        // Rows that are never due, so the running dispatcher leaves them alone.
        repository.insertRequests(requests, Instant.now().plus(Duration.ofDays(3650)));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> reservations = new ArrayList<>();
            for (AnalysisRequest request : requests) {
                reservations.add(() -> repository.reserve(tenant, Map.of(request.id(), 10L), 100, Instant.now()));
            }
            List<AnalysisRequest> reserved = new ArrayList<>();
            List<Future<Boolean>> results = pool.invokeAll(reservations, 60, TimeUnit.SECONDS);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).get()) {
                    reserved.add(requests.get(i));
                }
            }
            assertThat(reserved).hasSize(10);
            assertThat(usage(tenant, "reserved_micros")).isEqualTo(100);

            // A failure releases; a retry releases; an answer settles (reservation out, actual cost in).
            repository.finish(reserved.get(0).id(), "FAILED", "test", List.of(), Instant.now());
            repository.retryLater(reserved.get(1).id(), 1, Instant.now().plus(Duration.ofDays(3650)), "test",
                    Instant.now());
            assertThat(usage(tenant, "reserved_micros")).isEqualTo(80);
            // Re-reserving a request that still holds a reservation replaces it instead of counting it twice.
            assertThat(repository.reserve(tenant, Map.of(reserved.get(2).id(), 10L), 100, Instant.now())).isTrue();
            assertThat(usage(tenant, "reserved_micros")).isEqualTo(80);
            AnalysisRequest unreserved = requests.stream().filter(r -> !reserved.contains(r)).findFirst()
                    .orElseThrow();
            assertThat(repository.reserve(tenant, Map.of(unreserved.id(), 21L), 100, Instant.now())).isFalse();
            assertThat(repository.reserve(tenant, Map.of(reserved.get(0).id(), 20L), 100, Instant.now())).isTrue();
            assertThat(usage(tenant, "reserved_micros")).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchThatWouldExceedTheBudgetIsNotSent() throws Exception {
        try (KafkaTestConsumer out = KafkaTestConsumer.subscribe(Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES)) {
            // Two tasks of one document: one batch of two requests, whose upper-bound cost (2 x 4096 output tokens
            // at the batch price alone) is over tenant-small-budget's 2000 micros, though one request would fit.
            DocumentRouted routed = documents.send(documents.routed("tenant-small-budget", Route.CLOUD_BATCH,
                    EnumSet.of(AnalysisTask.SUMMARY, AnalysisTask.CODING), RoutedDocuments.CLEAN_TEXT, true));
            String documentId = routed.header().documentId();
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ConsumerRecord<String, byte[]> record = out.awaitRecord(r -> documentId.equals(r.key()), WAIT);
                assertThat(record.topic()).isEqualTo(Topics.STAGE_FAILURES);
                StageFailed failed = EventJson.read(record.value(), StageFailed.class);
                assertThat(failed.retryable()).isTrue();
                reasons.add(failed.reasonCode());
            }
            assertThat(reasons).containsOnly("llm-cloud.budget-exhausted");
            assertThat(stub.find(anyRequestedFor(anyUrl()))).isEmpty();
            assertThat(usage("tenant-small-budget", "reserved_micros")).isZero();
            assertThat(usage("tenant-small-budget", "cost_micros")).isZero();
        }
    }

    private static AnalysisRequest request(DocumentRouted routed, String provider, String model) {
        return new AnalysisRequest(UUID.randomUUID(), routed.header().eventId(), AnalysisTask.SUMMARY,
                routed.header().tenantId(), routed.header().documentId(), routed.route(), provider, model,
                new String(EventJson.write(routed), StandardCharsets.UTF_8), 0, 0, null);
    }

    private static ShiftedSpan pageOneDate() {
        int start = PAGE_ONE.indexOf("04/02/2023");
        return new ShiftedSpan(1, start, start + 10);
    }

    private static ShiftedSpan pageTwoDate() {
        int start = PAGE_TWO.indexOf("05/17/2023");
        return new ShiftedSpan(2, start, start + 10);
    }

    /** Publishes the redaction stage's event declaring these shifted dates and waits until the stage stored them. */
    private void declareShiftedDates(DocumentRouted routed, String textSha256, List<ShiftedSpan> dates)
            throws Exception {
        EventHeader header = EventHeader.first(DocumentRedacted.TYPE, DocumentRedacted.SCHEMA_VERSION,
                routed.header().tenantId(), routed.header().documentId(), null,
                new Producer("redaction-service", "test"), Instant.now());
        List<DocumentRedacted.RedactedEntity> entities = new ArrayList<>();
        entities.add(new DocumentRedacted.RedactedEntity("NAME", 1, 13, 26, "[PERSON_3f9a]", 0.9, "name.context"));
        for (ShiftedSpan date : dates) {
            entities.add(new DocumentRedacted.RedactedEntity("DATE", date.page(), date.start(), date.end(),
                    "[DATE_0123456789ab]", 0.95, "date.numeric" + DocumentRedacted.DATE_SHIFT_DETECTOR_SUFFIX));
        }
        ContentRef text = new ContentRef(routed.payload().mediaType(), routed.payload().sizeBytes(), textSha256,
                routed.payload().blobUri(), null);
        DocumentRedacted redacted = new DocumentRedacted(header, text, null, entities, false, "test",
                new Intake(Priority.ROUTINE, Set.of(AnalysisTask.SUMMARY), true), 95.0, List.of());
        assertThat(EventSchemaValidator.violations(DocumentRedacted.TYPE, DocumentRedacted.SCHEMA_VERSION,
                EventJson.write(redacted))).isEmpty();
        documents.publish(Topics.DOCUMENT_REDACTED, redacted);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("select count(*) from shifted_date where document_id = ?", routed.header().documentId())
                < dates.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("shifted dates not recorded");
            }
            Thread.sleep(200);
        }
    }

    private static long requestCount(String documentId) {
        return count("select count(*) from analysis_request where document_id = ?", documentId);
    }

    private static long usage(String tenant, String column) {
        return count("select coalesce(sum(" + column + "), 0) from tenant_usage where tenant_id = ?", tenant);
    }

    /** Read straight from the database rather than through the service's own read path. */
    private static long count(String sql, String parameter) {
        try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record ShiftedSpan(int page, int start, int end) {
    }
}
