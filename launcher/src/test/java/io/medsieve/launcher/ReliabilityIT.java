package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.testsupport.documents.SampleTexts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #12's reliability suite: what operations do to a running pipeline (SIGKILL a stage, restart the broker),
 * what hostile or heavy input does to it (garbage on a topic, a slow stage, a burst of uploads), and that through
 * all of it every accepted document still reaches the end and the audit ledger exactly once, with exactly one
 * analysis. Every service runs in its own JVM over the real broker and database; one stack start is shared by all
 * cases. Documents go the synchronous cloud route, to a local stand-in for OpenAI's API that counts the calls.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ReliabilityIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** The demo uploader's tenant: uploads carry its token, so their tenant is the token's. */
    private static final String TENANT = SampleRun.TENANT;
    private static final String AUDITOR = "demo-clinic-auditor";
    private static final Duration SETTLE = Duration.ofMinutes(4);
    private static final Map<String, String> CLOUD_FIELDS = Map.of("priority", "urgent", "tasks", "summary",
            "cloudConsent", "true");
    /** One entry of each per document: a second one of any would be a duplicate the ledger let through. */
    private static final List<String> JOURNEY = List.of("DocumentIngested", "DocumentExtracted", "DocumentRedacted",
            "DocumentRouted", "AnalysisProposed");
    private static final String COMPLETION = """
            {"id":"chatcmpl-reliability-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"[PERSON_3f9a] needs a cardiology review."},
               "finish_reason":"stop"}],
             "usage":{"prompt_tokens":1000,"completion_tokens":20,"total_tokens":1020}}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    private static final ByteArrayOutputStream LAUNCHER_OUTPUT = new ByteArrayOutputStream();
    private static WireMockServer provider;
    private static RunningStack stack;
    private static Thread launcher;

    @BeforeAll
    static void startStack() throws Exception {
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assumeTrue(Files.isRegularFile(REPOSITORY.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar")),
                    "package every service first (the reactor build does): " + spec.name());
        }
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        answerPromptly();

        CompletableFuture<RunningStack> ready = new CompletableFuture<>();
        PrintStream out = new PrintStream(LAUNCHER_OUTPUT, true, StandardCharsets.UTF_8);
        Map<String, Map<String, String>> overrides = new HashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            if (spec.database() != null) {
                // Seven JVMs and PostgreSQL starting together on a loaded 2-core box: the 5 s default is too short.
                overrides.put(spec.name(), new HashMap<>(Map.of("quarkus.datasource.jdbc.acquisition-timeout", "60S")));
            }
        }
        overrides.get("llm-cloud-service").putAll(cloudStage());
        // The redacted PDF (rendered and OCR-checked page by page) makes redaction ten times slower than any other
        // stage and would make this suite's hundreds of documents take most of an hour on a 2-core box. It is covered
        // by the canary IT and redaction's own tests; the text path every document takes here is unchanged.
        overrides.get("redaction-service").put("medsieve.redaction.pdf.enabled", "false");
        MedSieveLauncher medsieve = new MedSieveLauncher(REPOSITORY, out, overrides);
        // The launcher runs its workload inside the stack's lifetime: this one hands the stack to the tests and
        // holds it up until they are done.
        launcher = new Thread(() -> {
            try {
                medsieve.launch(false, running -> {
                    ready.complete(running);
                    FINISHED.await();
                    return true;
                });
            } catch (Throwable e) {
                ready.completeExceptionally(e);
            } finally {
                ready.completeExceptionally(new IllegalStateException("the stack stopped"));
            }
        }, "reliability-stack");
        launcher.start();
        try {
            stack = ready.get(10, TimeUnit.MINUTES);
        } finally {
            System.out.println(LAUNCHER_OUTPUT.toString(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stopStack() throws Exception {
        FINISHED.countDown();
        if (launcher != null) {
            launcher.join(TimeUnit.MINUTES.toMillis(2));
        }
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    @Order(1)
    void poisonRecordsGoToTheDeadLetterTopicsWithAReasonAndAnAuditEntryAndThePartitionsKeepFlowing() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        // Each poison record is different: the ledger records a dead letter by its bytes' digest, so identical
        // garbage on one topic is one piece of evidence, however often it arrives.
        List<byte[]> garbage = new ArrayList<>();
        int poisoned = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            // OCR's and redaction's inputs, every partition: whichever partition the next document lands on, a poison
            // record is ahead of it.
            for (String topic : List.of(Topics.DOCUMENT_INGESTED, Topics.DOCUMENT_EXTRACTED)) {
                for (PartitionInfo partition : producer.partitionsFor(topic)) {
                    byte[] bytes = ("\u0000\u00ff{not an event " + topic + " " + partition.partition())
                            .getBytes(StandardCharsets.ISO_8859_1);
                    garbage.add(bytes);
                    ProducerRecord<String, byte[]> poison = new ProducerRecord<>(topic, partition.partition(),
                            "poison-" + topic + "-" + partition.partition(), bytes);
                    poison.headers().add(KafkaHeaders.TENANT, TENANT.getBytes(StandardCharsets.UTF_8));
                    producer.send(poison).get(30, TimeUnit.SECONDS);
                    poisoned++;
                }
            }
        }

        List<String> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            after.add(upload(letter()));
        }
        awaitAnalysed(after);
        for (String documentId : after) {
            assertExactlyOnceInLedger(documentId);
        }

        Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters = readAll(List.of("dlq-ocr", "dlq-redaction"),
                poisoned, Duration.ofSeconds(60));
        assertThat(deadLetters.getOrDefault("dlq-ocr", List.of())).as("OCR's dead letters").hasSize(poisoned / 2);
        assertThat(deadLetters.getOrDefault("dlq-redaction", List.of())).as("redaction's dead letters")
                .hasSize(poisoned / 2);
        for (List<ConsumerRecord<String, byte[]>> records : deadLetters.values()) {
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(garbage).as("the dead letter keeps the bytes for replay").contains(record.value());
                assertThat(header(record, "dead-letter-reason")).as("reason of %s", record.key()).isNotBlank();
            }
        }

        // The stages' dead letters, each audited once. Ingest's status projection reads the same topics and
        // dead-letters the garbage too (dlq-ingest), audited as well.
        int deadLettered = poisoned;
        List<JsonNode> ledger = awaitLedgerEntries(from, entries -> entries.stream()
                .filter(e -> e.path("entryType").asText().equals("DeadLetter"))
                .filter(e -> !e.path("sourceTopic").asText().equals("dlq-ingest")).count() >= deadLettered);
        List<JsonNode> dead = ledger.stream().filter(e -> e.path("entryType").asText().equals("DeadLetter")).toList();
        assertThat(dead.stream().map(e -> e.path("sourceTopic").asText()).filter(t -> t.equals("dlq-ocr")))
                .as("one audit entry per OCR dead letter").hasSize(poisoned / 2);
        assertThat(dead.stream().map(e -> e.path("sourceTopic").asText()).filter(t -> t.equals("dlq-redaction")))
                .as("one audit entry per redaction dead letter").hasSize(poisoned / 2);
        for (JsonNode entry : dead) {
            JsonNode projection = JSON.readTree(entry.path("projection").asText());
            assertThat(projection.path("reason").asText()).as("audited reason").isNotBlank();
        }
        assertServicesAlive();
    }

    @Test
    @Order(2)
    void aStageKilledWithDocumentsInFlightFinishesThemAfterItsRestartExactlyOnce() throws Exception {
        long callsBefore = providerCalls();
        List<String> documents = new ArrayList<>();
        // Scanned pages keep OCR busy for seconds each: the kill finds documents inside the stage.
        for (int i = 0; i < 4; i++) {
            documents.add(upload(DocumentFixtures.scannedPdf(SampleTexts.referralLetter(FakePatient.withCanary()), 200)));
        }
        awaitStage(documents.getFirst(), "ingest", Duration.ofSeconds(60));
        Thread.sleep(2_000);
        stack.kill("ocr-service");
        stack.kill("redaction-service");
        List<String> unfinished = new ArrayList<>();
        for (String documentId : documents) {
            if (!state(stack.ingest().status(documentId), "redaction").equals("COMPLETED")) {
                unfinished.add(documentId);
            }
        }
        assertThat(unfinished).as("documents still in flight when the stages died").isNotEmpty();
        stack.restart("ocr-service");
        stack.restart("redaction-service");

        awaitAnalysed(documents);
        for (String documentId : documents) {
            assertExactlyOnceInLedger(documentId);
        }
        assertThat(providerCalls() - callsBefore).as("one analysis call per document, none repeated")
                .isEqualTo(documents.size());
        assertServicesAlive();
    }

    @Test
    @Order(3)
    void aBrokerRestartLosesNothing() throws Exception {
        long callsBefore = providerCalls();
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            documents.add(upload(letter()));
        }
        ExecutorService restarter = Executors.newSingleThreadExecutor();
        try {
            Future<?> restart = restarter.submit(() -> stack.restartBroker(Duration.ofSeconds(5)));
            Thread.sleep(1_000);
            // Uploads while the broker is down: ingest keeps them in its outbox and publishes once it is back.
            for (int i = 0; i < 2; i++) {
                documents.add(upload(letter()));
            }
            restart.get(2, TimeUnit.MINUTES);
        } finally {
            restarter.shutdownNow();
        }

        awaitAnalysed(documents);
        for (String documentId : documents) {
            assertExactlyOnceInLedger(documentId);
        }
        assertThat(providerCalls() - callsBefore).as("one analysis call per document").isEqualTo(documents.size());
        assertServicesAlive();
    }

    @Test
    @Order(4)
    void aSlowStageHoldsWorkBackWithoutRunningOutOfMemory() throws Exception {
        long callsBefore = providerCalls();
        // The provider now takes a second per call: the cloud stage is the bottleneck and work queues up before it.
        provider.resetMappings();
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(COMPLETION).withFixedDelay(1_000)));
        List<String> documents = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                documents.add(upload(letter()));
            }
            AtomicBoolean sampling = new AtomicBoolean(true);
            Map<String, AtomicLong> peakHeapless = new HashMap<>();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    for (RunningStack.ServiceUsage usage : stack.usage()) {
                        peakHeapless.computeIfAbsent(usage.instance(), k -> new AtomicLong())
                                .accumulateAndGet(usage.residentBytes(), Math::max);
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                awaitAnalysed(documents);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            System.out.println("Resident memory peaks under the slow stage: " + new TreeMap<>(peakHeapless));
            for (Map.Entry<String, AtomicLong> peak : peakHeapless.entrySet()) {
                // Heap is capped at 512 MiB per service; the rest is metaspace, threads and native libraries.
                assertThat(peak.getValue().get()).as("resident memory of %s", peak.getKey())
                        .isLessThan(1536L * 1024 * 1024);
            }
        } finally {
            answerPromptly();
        }
        assertThat(providerCalls() - callsBefore).isEqualTo(documents.size());
        assertServicesAlive();
    }

    @Test
    @Order(5)
    void aHundredConcurrentUploadsAreAllAcceptedOrRefusedAsOverloadAndNoneIsLost() throws Exception {
        List<Fixture> letters = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            letters.add(letter());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Fixture fixture : letters) {
                responses.add(clients.submit(() -> {
                    start.await();
                    return stack.ingest().upload(fixture.fileName(), fixture.bytes(), CLOUD_FIELDS);
                }));
            }
            start.countDown();
        }
        List<String> accepted = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (Future<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get();
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 202) {
                accepted.add(JSON.readTree(response.body()).path("documentId").asText());
            } else {
                assertThat(response.statusCode()).as("an upload that is not accepted is refused as overload: %s",
                        response.body()).isIn(429, 503);
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
            }
        }
        System.out.println("100 concurrent uploads: " + byStatus);
        assertThat(accepted).as("uploads accepted").isNotEmpty().doesNotHaveDuplicates();
        awaitAnalysed(accepted);
        assertServicesAlive();
    }

    // --- helpers ---

    private static Map<String, String> cloudStage() {
        String tenant = "medsieve.llm-cloud.tenants." + TENANT + ".";
        Map<String, String> properties = new HashMap<>(Map.of(
                "medsieve.llm-cloud.providers.openai.base-url", provider.baseUrl() + "/v1",
                "medsieve.llm-cloud.providers.openai.api-key", "reliability-stub-key", // a stub's key, not a secret
                tenant + "provider", "openai",
                tenant + "model", "gpt-4o-mini",
                tenant + "allowed-providers", "openai",
                tenant + "allowed-models", "gpt-4o-mini",
                tenant + "allowed-regions", "us",
                tenant + "monthly-budget-micros", "100000000000"));
        properties.put(tenant + "requests-per-minute", "100000");
        return properties;
    }

    private static void answerPromptly() {
        provider.resetMappings();
        provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(COMPLETION)));
    }

    private static long providerCalls() {
        return provider.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions")).build()).getCount();
    }

    /** A two-page referral letter for a fresh patient: unique bytes, so ingest never answers "duplicate". */
    private static Fixture letter() {
        return DocumentFixtures.digitalPdf(SampleTexts.referralLetter(FakePatient.withCanary()));
    }

    private static String upload(Fixture fixture) throws Exception {
        HttpResponse<String> response = stack.ingest().upload(fixture.fileName(), fixture.bytes(),
                CLOUD_FIELDS);
        assertThat(response.statusCode()).as("upload: %s", response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("documentId").asText();
    }

    /** Polls the status API until every document's cloud analysis completed; fails on a failure or at the deadline. */
    private static void awaitAnalysed(List<String> documents) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        List<String> waiting = new ArrayList<>(documents);
        JsonNode last = null;
        while (!waiting.isEmpty()) {
            String documentId = waiting.getFirst();
            last = stack.ingest().status(documentId);
            for (JsonNode stage : last.path("stages")) {
                assertThat(stage.path("state").asText()).as("document %s: %s", documentId, last)
                        .isNotEqualTo("FAILED");
            }
            if (state(last, "llm-cloud").equals("COMPLETED")) {
                waiting.removeFirst();
                continue;
            }
            assertThat(Instant.now()).as("%d of %d documents not analysed in time; first: %s", waiting.size(),
                    documents.size(), last).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static void awaitStage(String documentId, String stage, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!state(stack.ingest().status(documentId), stage).equals("COMPLETED")) {
            assertThat(Instant.now()).as("stage %s of %s", stage, documentId).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static String state(JsonNode status, String name) {
        for (JsonNode stage : status.path("stages")) {
            if (stage.path("stage").asText().equals(name)) {
                return stage.path("state").asText();
            }
        }
        return "PENDING";
    }

    /**
     * The audit service's evidence for the document holds each step of its journey exactly once. The ledger
     * de-duplicates on eventId, so this also proves redelivered inputs produced the same event (not a second one).
     */
    private static void assertExactlyOnceInLedger(String documentId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, Integer> counts;
        while (true) {
            counts = new TreeMap<>();
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                            stack.baseUrl("audit-service") + "/v1/evidence/documents/" + documentId))
                    .header("Authorization", "Bearer " + stack.tokens().forUser(AUDITOR))
                    .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                for (JsonNode entry : evidenceEntries(response.body())) {
                    counts.merge(entry.path("entryType").asText(), 1, Integer::sum);
                }
            }
            if (counts.keySet().containsAll(JOURNEY) || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(500);
        }
        for (String type : JOURNEY) {
            assertThat(counts.getOrDefault(type, 0)).as("%s entries of document %s in the ledger: %s", type,
                    documentId, counts).isEqualTo(1);
        }
        assertThat(counts).as("no failure in the journey of %s", documentId).doesNotContainKey("StageFailed");
    }

    /** The tenant's ledger entries from {@code from} on, polled until {@code done} holds or a minute passed. */
    private static List<JsonNode> awaitLedgerEntries(Instant from, java.util.function.Predicate<List<JsonNode>> done)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                            stack.baseUrl("audit-service") + "/v1/evidence?from=" + from + "&to="
                                    + Instant.now().plusSeconds(60)))
                    .header("Authorization", "Bearer " + stack.tokens().forUser(AUDITOR))
                    .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            List<JsonNode> entries = evidenceEntries(response.body());
            if (done.test(entries) || Instant.now().isAfter(deadline)) {
                return entries;
            }
            Thread.sleep(500);
        }
    }

    private static List<JsonNode> evidenceEntries(byte[] zip) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry file = in.getNextEntry(); file != null; file = in.getNextEntry()) {
                if (file.getName().equals("entries.json")) {
                    JSON.readTree(in.readAllBytes()).forEach(e -> entries.add(e.path("entry")));
                }
            }
        }
        return entries;
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> readAll(List<String> topics, int expected,
                                                                             Duration timeout) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reliability-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            Instant deadline = Instant.now().plus(timeout);
            int received = 0;
            while (received < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
                    received++;
                }
            }
            // Anything more (a second dead letter for the same record) shows up in a last short poll.
            consumer.poll(Duration.ofSeconds(2)).forEach(record ->
                    byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record));
        }
        return byTopic;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void assertServicesAlive() throws IOException {
        for (RunningStack.ServiceUsage usage : stack.usage()) {
            assertThat(usage.alive()).as("%s is running", usage.instance()).isTrue();
            String log = Files.readString(stack.log(usage.instance()), StandardCharsets.UTF_8);
            assertThat(log).as("%s log", usage.instance()).doesNotContain("OutOfMemoryError");
        }
    }
}
