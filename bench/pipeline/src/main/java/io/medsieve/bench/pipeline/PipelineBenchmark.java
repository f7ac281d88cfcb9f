package io.medsieve.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.medsieve.launcher.MedSieveLauncher;
import io.medsieve.launcher.RunningStack;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.testsupport.documents.SampleTexts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Pushes a mix of documents (digital PDFs of 1 to 50 pages, scanned PDFs, PNG, JPEG and TIFF scans) through the
 * whole pipeline on the embedded stack, every service in its own JVM, and reports what users and operators plan
 * with: documents/s and pages/s end to end, latency percentiles per stage and end to end, and CPU and memory per
 * service process. It runs the mix twice on one stack, first with one instance of the scaled stage, then with a
 * second one in the same consumer group (the topics have three partitions), so the scaling is measured, not assumed.
 * The scaled stage defaults to redaction, the slowest on this mix (it draws the redacted PDF and OCR-checks every
 * page). Every OCR and redaction instance runs one worker, the size of a one-core pod, so that a second instance
 * adds capacity the way a second pod would rather than competing for cores the first already uses.
 *
 * <p>Stage times come from the records themselves: each stage publishes when it is done (the record's timestamp), so a
 * stage's time is its event's timestamp minus the previous event's (queueing included, as a document experiences
 * it). Ingest's time starts when the client started the upload. The cloud provider is a local stand-in answering at
 * once, so the cloud stage's time is MedSieve's own overhead (dispatch loop, database, claim-check), not a
 * provider's latency.
 *
 * <p>Usage, from the repository root after packaging every service:
 * {@code java -cp ... io.medsieve.bench.pipeline.PipelineBenchmark [documents-per-run] [results-directory]
 * [scaled-service]}.
 */
public final class PipelineBenchmark {

    /** The demo uploader's tenant (uploads carry its token). */
    private static final String TENANT = "demo-clinic";
    private static final Map<String, String> FIELDS = Map.of("priority", "urgent", "tasks", "summary",
            "cloudConsent", "true");
    private static final List<String> STAGES = List.of("ingest", "ocr", "redaction", "router", "llm-cloud",
            "end to end");
    /** Event that ends each stage, in pipeline order (ingest's start is the upload). */
    private static final List<String> STAGE_EVENTS = List.of("DocumentIngested", "DocumentExtracted",
            "DocumentRedacted", "DocumentRouted", "AnalysisProposed");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, DocumentTrace> traces = new ConcurrentHashMap<>();

    /** One document's journey as the topics tell it. */
    private static final class DocumentTrace {
        final Map<String, Instant> events = new ConcurrentHashMap<>();
        volatile String route;
        volatile String failure;
    }

    /** One benchmark run's input: a fixture with its kind. */
    private record Sample(String kind, Fixture fixture) {
    }

    /** What one run measured. */
    record RunResult(int instances, int documents, int pages, int completed, int failed, Map<String, Integer> routes,
                     double seconds, Map<String, List<Long>> stageMillis, List<Usage> usage) {

        double documentsPerSecond() {
            return completed / seconds;
        }
    }

    /** CPU and peak memory of one service instance during one run. */
    record Usage(String instance, double cpuSeconds, long peakResidentBytes) {
    }

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        Path results = Path.of(args.length > 1 ? args[1] : "bench/results");
        String scaled = args.length > 2 ? args[2] : "redaction-service";
        String command = "java --enable-native-access=ALL-UNNAMED -cp \"bench/pipeline/target/bench-pipeline-0.1.0-SNAPSHOT.jar:launcher/target/classes:"
                + "$(cat bench/pipeline/target/classpath.txt)\" io.medsieve.bench.pipeline.PipelineBenchmark " + documents
                + " " + results + " " + scaled;
        new PipelineBenchmark(scaled).run(documents, results, command);
    }

    private final String scaledService;

    PipelineBenchmark(String scaledService) {
        this.scaledService = scaledService;
    }

    void run(int documents, Path results, String command) throws Exception {
        WireMockServer provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id":"chatcmpl-bench-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"[PERSON_3f9a] needs a cardiology review."},
                   "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":20,"total_tokens":1020}}
                """)));
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        List<RunResult> runs = new ArrayList<>();
        ByteArrayOutputStream launcherOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(launcherOutput, true, StandardCharsets.UTF_8)) {
            Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
            for (String service : List.of("ingest-service", "redaction-service", "router-service",
                    "llm-cloud-service", "audit-service")) {
                // Seven JVMs and PostgreSQL starting together on a shared 2-core box: the 5 s default is too short.
                overrides.put(service, new LinkedHashMap<>(Map.of("quarkus.datasource.jdbc.acquisition-timeout",
                        "60S")));
            }
            overrides.get("llm-cloud-service").putAll(cloudStage(provider.baseUrl()));
            // One worker per instance, as in a one-core pod: the second instance then adds a core's worth of capacity.
            overrides.get("redaction-service").put("medsieve.redaction.workers", "1");
            overrides.put("ocr-service", new LinkedHashMap<>(Map.of("medsieve.ocr.workers", "1",
                    "medsieve.ocr.max-stuck-workers", "1")));
            boolean ok = new MedSieveLauncher(Path.of("").toAbsolutePath(), out, overrides)
                    .launch(false, stack -> {
                        AtomicBoolean recording = new AtomicBoolean(true);
                        Thread recorder = Thread.ofPlatform().name("topic-recorder").start(() -> record(stack,
                                recording));
                        try {
                            runs.add(measure(stack, 1, documents));
                            System.out.println("Starting a second " + scaledService + " instance...");
                            stack.startAnotherInstance(scaledService);
                            runs.add(measure(stack, 2, documents));
                        } finally {
                            recording.set(false);
                            recorder.join();
                        }
                        return true;
                    });
            if (!ok) {
                throw new IllegalStateException("the stack did not run");
            }
        } finally {
            provider.stop();
            System.out.println(launcherOutput.toString(StandardCharsets.UTF_8));
        }
        String loadAfter = loadAverage();
        String markdown = markdown(runs, command, started, loadBefore, loadAfter);
        Files.createDirectories(results);
        Files.writeString(results.resolve("pipeline.md"), markdown, StandardCharsets.UTF_8);
        new LatencyChart(STAGES, scaledService).write(runs, results.resolve("pipeline.png"));
        System.out.println(markdown);
    }

    /** Uploads one mix, waits until every document finished, and collects what happened. */
    private RunResult measure(RunningStack stack, int instances, int count) throws Exception {
        List<Sample> samples = mix(count);
        Map<String, RunningStack.ServiceUsage> before = byInstance(stack.usage());
        Map<String, Long> peaks = new ConcurrentHashMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                for (RunningStack.ServiceUsage usage : stack.usage()) {
                    peaks.merge(usage.instance(), usage.residentBytes(), Math::max);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        Map<String, Instant> uploadStarted = new LinkedHashMap<>();
        Map<String, Integer> pages = new LinkedHashMap<>();
        Instant runStart = Instant.now();
        for (Sample sample : samples) {
            Instant start = Instant.now();
            HttpResponse<String> response = stack.ingest().upload(sample.fixture().fileName(),
                    sample.fixture().bytes(), FIELDS);
            if (response.statusCode() != 202) {
                throw new IllegalStateException(sample.kind() + " refused: " + response.body());
            }
            String id = JSON.readTree(response.body()).path("documentId").asText();
            uploadStarted.put(id, start);
            pages.put(id, sample.fixture().pages());
        }
        System.out.printf("Run with %d %s instance(s): %d documents uploaded in %.1f s, waiting...%n", instances,
                scaledService,
                samples.size(), Duration.between(runStart, Instant.now()).toMillis() / 1000.0);

        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (!uploadStarted.keySet().stream().allMatch(id -> finished(stack, id))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("documents not finished in " + RUN_TIMEOUT);
            }
            Thread.sleep(200);
        }
        sampling.set(false);
        sampler.join();
        Map<String, RunningStack.ServiceUsage> after = byInstance(stack.usage());

        Instant lastFinish = runStart;
        Map<String, List<Long>> stageMillis = new LinkedHashMap<>();
        STAGES.forEach(stage -> stageMillis.put(stage, new ArrayList<>()));
        Map<String, Integer> routes = new LinkedHashMap<>();
        int completed = 0;
        int failed = 0;
        int totalPages = 0;
        for (Map.Entry<String, Instant> upload : uploadStarted.entrySet()) {
            DocumentTrace trace = traces.get(upload.getKey());
            totalPages += pages.get(upload.getKey());
            routes.merge(trace.failure != null ? "failed: " + trace.failure : String.valueOf(trace.route), 1,
                    Integer::sum);
            if (trace.failure != null) {
                failed++;
                continue;
            }
            completed++;
            Instant previous = upload.getValue();
            Instant end = previous;
            for (int i = 0; i < STAGE_EVENTS.size(); i++) {
                Instant at = trace.events.get(STAGE_EVENTS.get(i));
                if (at == null) {
                    continue; // a document routed elsewhere has no cloud analysis
                }
                stageMillis.get(STAGES.get(i)).add(Duration.between(previous, at).toMillis());
                previous = at;
                end = at;
            }
            stageMillis.get("end to end").add(Duration.between(upload.getValue(), end).toMillis());
            if (end.isAfter(lastFinish)) {
                lastFinish = end;
            }
        }
        List<Usage> usage = new ArrayList<>();
        for (RunningStack.ServiceUsage now : after.values()) {
            RunningStack.ServiceUsage then = before.get(now.instance());
            Duration cpu = then == null ? now.cpuTime() : now.cpuTime().minus(then.cpuTime());
            usage.add(new Usage(now.instance(), cpu.toMillis() / 1000.0, peaks.getOrDefault(now.instance(), 0L)));
        }
        double seconds = Duration.between(runStart, lastFinish).toMillis() / 1000.0;
        return new RunResult(instances, samples.size(), totalPages, completed, failed, routes, seconds,
                stageMillis, usage);
    }

    /** Done: analysed, failed, or routed to a route this benchmark does not follow (local, batch, human). */
    private boolean finished(RunningStack stack, String documentId) {
        DocumentTrace trace = traces.get(documentId);
        if (trace == null) {
            return false;
        }
        if (trace.route == null && trace.events.containsKey("DocumentRouted")) {
            // The status view may not have caught up when the routed record was read: ask again until it has.
            try {
                trace.route = routeOf(stack.ingest().status(documentId));
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (trace.failure != null || trace.events.containsKey("AnalysisProposed")) {
            return true;
        }
        return trace.route != null && !trace.route.equals("CLOUD_SYNC");
    }

    /** Reads every pipeline topic from the start and keeps each document's first event of each type. */
    private void record(RunningStack stack, AtomicBoolean recording) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "pipeline-benchmark",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DOCUMENT_INGESTED, Topics.DOCUMENT_EXTRACTED, Topics.DOCUMENT_REDACTED,
                    Topics.DOCUMENT_ROUTED, Topics.ANALYSIS_PROPOSED, Topics.STAGE_FAILURES));
            while (recording.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        // Most events are sealed (EventEnvelope): their clear headers name the document and type,
                        // and the record's timestamp is when the stage published it.
                        String documentId = header(record, KafkaHeaders.DOCUMENT);
                        String type = header(record, KafkaHeaders.EVENT_TYPE);
                        if (documentId == null || type == null) {
                            continue;
                        }
                        DocumentTrace trace = traces.computeIfAbsent(documentId, id -> new DocumentTrace());
                        trace.events.putIfAbsent(type, Instant.ofEpochMilli(record.timestamp()));
                        // The route is inside the envelope; finished() asks the status API, which opens it.
                        if (type.equals("StageFailed")) {
                            JsonNode event = JSON.readTree(record.value()); // failures stay in clear
                            trace.failure = event.path("stage").asText() + " " + event.path("reasonCode").asText();
                        }
                    } catch (Exception notAnEvent) {
                        // not a pipeline event; nothing to time
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The router stage's detail in the status API is the route's name. */
    private static String routeOf(JsonNode status) {
        for (JsonNode stage : status.path("stages")) {
            if (stage.path("stage").asText().equals("router") && stage.path("state").asText().equals("COMPLETED")) {
                return stage.path("detail").asText();
            }
        }
        return null;
    }

    /**
     * The document mix, cycled: sizes from 1 to 50 pages, digital and scanned, the image types ingest accepts.
     * Every document is a referral letter (for a fresh fictional patient, so no upload is a duplicate) and goes the
     * synchronous cloud route.
     */
    static List<Sample> mix(int count) {
        List<Supplier<Sample>> kinds = List.of(
                () -> new Sample("digital PDF, 1 page", DocumentFixtures.digitalPdf(letterPages(1))),
                () -> new Sample("digital PDF, 10 pages", DocumentFixtures.digitalPdf(letterPages(10))),
                () -> new Sample("scanned PDF, 2 pages", DocumentFixtures.scannedPdf(letterPages(2), 200)),
                () -> new Sample("PNG scan", DocumentFixtures.png(letterPages(1).getFirst(), 300)),
                () -> new Sample("TIFF, 2 pages", DocumentFixtures.multiPageTiff(letterPages(2), 200)),
                () -> new Sample("JPEG scan", DocumentFixtures.jpeg(letterPages(1).getFirst(), 300)),
                () -> new Sample("scanned PDF, 4 pages", DocumentFixtures.scannedPdf(letterPages(4), 200)),
                // Last, so a small run (fewer than 8 documents) leaves the one long document out.
                () -> new Sample("digital PDF, 50 pages", DocumentFixtures.digitalPdf(letterPages(50))));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(kinds.get(i % kinds.size()).get());
        }
        return samples;
    }

    private static List<String> letterPages(int pages) {
        List<String> letter = SampleTexts.referralLetter(FakePatient.withCanary());
        List<String> all = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            all.add(letter.get(i % letter.size()));
        }
        return all;
    }

    private static Map<String, String> cloudStage(String providerUrl) {
        String tenant = "medsieve.llm-cloud.tenants." + TENANT + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("medsieve.llm-cloud.providers.openai.base-url", providerUrl + "/v1");
        properties.put("medsieve.llm-cloud.providers.openai.api-key", "bench-stub-key"); // a stub's key
        properties.put(tenant + "provider", "openai");
        properties.put(tenant + "model", "gpt-4o-mini");
        properties.put(tenant + "allowed-providers", "openai");
        properties.put(tenant + "allowed-models", "gpt-4o-mini");
        properties.put(tenant + "allowed-regions", "us");
        properties.put(tenant + "monthly-budget-micros", "100000000000");
        properties.put(tenant + "requests-per-minute", "100000");
        return properties;
    }

    private static Map<String, RunningStack.ServiceUsage> byInstance(List<RunningStack.ServiceUsage> usage) {
        Map<String, RunningStack.ServiceUsage> map = new LinkedHashMap<>();
        usage.forEach(u -> map.put(u.instance(), u));
        return map;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private String markdown(List<RunResult> runs, String command, Instant started, String loadBefore,
                                   String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Pipeline benchmark: the whole pipeline on the embedded stack\n\n");
        md.append("Generated by `bench/pipeline` (`io.medsieve.bench.pipeline.PipelineBenchmark`) on ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(started)
                        .substring(0, 16)).append(" UTC; ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average (1/5/15 min) ")
                .append(loadBefore).append(" before and ").append(loadAfter).append(" after.\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("## Throughput\n\n");
        String column = "| " + scaledService + " instances";
        md.append(column).append(" | documents | pages | completed | failed | routes | wall s | documents/s | pages/s |\n");
        md.append("|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (RunResult run : runs) {
            md.append(String.format("| %d | %d | %d | %d | %d | %s | %.1f | %.3f | %.2f |%n", run.instances(),
                    run.documents(), run.pages(), run.completed(), run.failed(), run.routes(), run.seconds(),
                    run.documentsPerSecond(), run.pages() / run.seconds()));
        }
        md.append("\n## Latency per stage (ms; queueing included)\n\n");
        md.append(column).append(" | stage | n | p50 | p95 | p99 | max |\n|---:|---|---:|---:|---:|---:|---:|\n");
        for (RunResult run : runs) {
            for (String stage : STAGES) {
                List<Long> values = run.stageMillis().get(stage);
                md.append(String.format("| %d | %s | %d | %d | %d | %d | %d |%n", run.instances(), stage,
                        values.size(), percentile(values, 50), percentile(values, 95), percentile(values, 99),
                        percentile(values, 100)));
            }
        }
        md.append("\n## CPU and memory per service process (during the run)\n\n");
        md.append(column).append(" | process | CPU s | CPU cores busy (avg) | peak RSS MiB |\n|---:|---|---:|---:|---:|\n");
        for (RunResult run : runs) {
            for (Usage usage : run.usage()) {
                md.append(String.format("| %d | %s | %.1f | %.2f | %d |%n", run.instances(), usage.instance(),
                        usage.cpuSeconds(), usage.cpuSeconds() / run.seconds(),
                        usage.peakResidentBytes() / (1024 * 1024)));
            }
        }
        md.append("\n![latency per stage](pipeline.png)\n");
        return md.toString();
    }
}
