package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose observability stack, offline: every pipeline service traces (the extension, trace ids in its log
 * format) and sends its traces to the collector; the collector, Prometheus and Grafana point at services compose
 * runs; and every metric the Grafana dashboard queries is one the stack emits, as listed in
 * deploy/grafana/metrics.txt (application metrics are checked against the registering service's source).
 */
class ObservabilityStackTest {

    private static final String COLLECTOR_OTLP_HTTP = "http://otel-collector:4318";
    private static final Path DASHBOARDS = RepoFiles.root().resolve("deploy/grafana/dashboards");
    /** A metric name in PromQL: an identifier followed by a selector or a range (functions are followed by "("). */
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*[{\\[]");

    @Test
    void everyPipelineServiceTracesAndLogsTraceIds() {
        for (String service : ServiceProperties.services()) {
            ServiceProperties properties = ServiceProperties.of(service);
            if (!properties.hasChannels()) {
                continue; // not on the pipeline yet (a skeleton module): nothing to trace
            }
            String pom = RepoFiles.read(RepoFiles.root().resolve(service).resolve("pom.xml"));
            assertThat(pom).as(service + " pom").contains("<artifactId>quarkus-opentelemetry</artifactId>")
                    .contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>");
            assertThat(properties.properties().get("quarkus.log.console.format")).as(service + " log format")
                    .contains("%X{traceId}").contains("%X{spanId}");
            assertThat(properties.properties().get("quarkus.otel.exporter.otlp.traces.protocol"))
                    .as(service + " OTLP protocol").isEqualTo("http/protobuf");
            assertThat(properties.properties().get("quarkus.micrometer.binder.kafka.enabled"))
                    .as(service + " Kafka metrics (lag, DLQ sends)").isEqualTo("true");
        }
    }

    @Test
    void everyServiceSendsItsTracesToTheCollector() {
        Map<String, JsonNode> services = ComposeFileTest.services();
        for (String service : ServiceProperties.services()) {
            JsonNode environment = services.get(service).path("environment");
            assertThat(environment.path("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").asText())
                    .as(service + " OTLP endpoint").isEqualTo(COLLECTOR_OTLP_HTTP);
            assertThat(environment.path("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").asText())
                    .as(service + " OTLP protocol").isEqualTo("http/protobuf");
        }
        JsonNode collector = RepoFiles.yamlSingle(RepoFiles.root().resolve("deploy/otel/collector.yaml"));
        assertThat(collector.at("/receivers/otlp/protocols/http/endpoint").asText()).endsWith(":4318");
        JsonNode traces = collector.at("/service/pipelines/traces");
        assertThat(traces.path("processors").toString()).contains("attributes/phi-safe");
        assertThat(traces.path("exporters").toString()).contains("otlp/jaeger").contains("spanmetrics");
        assertThat(hostOf(collector.at("/exporters/otlp~1jaeger/endpoint").asText())).isIn(services.keySet());
    }

    @Test
    void prometheusAndGrafanaPointAtServicesComposeRuns() {
        Set<String> composeServices = ComposeFileTest.services().keySet();
        JsonNode prometheus = RepoFiles.yamlSingle(RepoFiles.root().resolve("deploy/prometheus/prometheus.yml"));
        Set<String> scraped = new TreeSet<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode config : job.path("static_configs")) {
                config.path("targets").forEach(target -> scraped.add(hostOf(target.asText())));
            }
        }
        assertThat(composeServices).containsAll(scraped);
        assertThat(scraped).containsAll(ServiceProperties.services()).contains("otel-collector");

        JsonNode datasources = RepoFiles.yamlSingle(
                RepoFiles.root().resolve("deploy/grafana/provisioning/datasources/prometheus.yaml"));
        for (JsonNode datasource : datasources.path("datasources")) {
            assertThat(hostOf(datasource.path("url").asText())).as(datasource.path("name").asText())
                    .isIn(composeServices);
        }
    }

    @Test
    void everyDashboardQueryUsesAMetricTheStackEmits() throws Exception {
        Map<String, String> emitted = emittedMetrics();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            dashboards = files.filter(file -> file.toString().endsWith(".json")).toList();
        }
        assertThat(dashboards).isNotEmpty();
        Set<String> queried = new TreeSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = RepoFiles.JSON.readTree(file.toFile());
            assertThat(dashboard.path("panels")).as(file + " panels").isNotEmpty();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    Matcher metric = METRIC.matcher(target.path("expr").asText());
                    while (metric.find()) {
                        queried.add(metric.group(1));
                    }
                }
            }
        }
        assertThat(queried).isNotEmpty();
        assertThat(emitted.keySet()).as("metrics listed in deploy/grafana/metrics.txt").containsAll(queried);
    }

    @Test
    void everyListedApplicationMetricIsRegisteredByItsService() throws Exception {
        List<String> unregistered = new ArrayList<>();
        for (Map.Entry<String, String> metric : emittedMetrics().entrySet()) {
            if (metric.getValue() == null) {
                continue;
            }
            // Micrometer names use dots; Prometheus adds _total, _seconds and _bucket.
            String micrometer = metric.getKey().replaceFirst("(_seconds)?(_total|_bucket|_count|_sum)$", "")
                    .replace('_', '.');
            Path sources = RepoFiles.root().resolve(metric.getValue()).resolve("src/main/java");
            boolean registered;
            try (Stream<Path> files = Files.walk(sources)) {
                registered = files.filter(file -> file.toString().endsWith(".java"))
                        .anyMatch(file -> RepoFiles.read(file).contains("\"" + micrometer + "\""));
            }
            if (!registered) {
                unregistered.add(metric.getKey() + " (" + micrometer + " in " + metric.getValue() + ")");
            }
        }
        assertThat(unregistered).isEmpty();
        JsonNode collector = RepoFiles.yamlSingle(RepoFiles.root().resolve("deploy/otel/collector.yaml"));
        assertThat(collector.at("/exporters/prometheus/namespace").asText()).isEqualTo("medsieve");
        assertThat(collector.at("/service/pipelines/metrics~1spans/receivers").toString()).contains("spanmetrics");
    }

    /** deploy/grafana/metrics.txt: metric name, then the service that registers it for application metrics. */
    private static Map<String, String> emittedMetrics() {
        Map<String, String> metrics = new LinkedHashMap<>();
        for (String line : RepoFiles.read(RepoFiles.root().resolve("deploy/grafana/metrics.txt")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            metrics.put(fields[0], fields.length > 1 ? fields[1] : null);
        }
        return metrics;
    }

    private static String hostOf(String address) {
        return address.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
    }
}
