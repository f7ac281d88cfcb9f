package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observability in Kubernetes: every service exports its traces to the platform's OpenTelemetry collector, the
 * network policies let exactly that flow through (OTLP/HTTP on 4318 to the collector's pods, nothing else in the
 * observability namespace), the collector side accepts it only from MedSieve, and Prometheus can scrape every
 * service's /q/metrics. Flows are evaluated with NetworkPolicy semantics against concrete pods, so a policy that
 * looks right but selects nothing (or too much) fails here rather than in a cluster where spans silently vanish.
 */
class KubernetesObservabilityTest {

    static final List<String> TARGETS = Rendered.TARGETS;

    private static final String NAMESPACE = "medsieve";
    private static final String COLLECTOR_ENDPOINT = "http://otel-collector.observability.svc:4318";
    /** The collector's pods as the Helm chart of opentelemetry-collector labels them (README, "Observability"). */
    private static final Map<String, String> COLLECTOR_POD =
            Map.of("app.kubernetes.io/name", "opentelemetry-collector");
    private static final Map<String, String> OTHER_OBSERVABILITY_POD = Map.of("app.kubernetes.io/name", "jaeger");
    private static final Map<String, String> PROMETHEUS_POD = Map.of("app.kubernetes.io/name", "prometheus");
    private static final Path COLLECTOR_POLICY = RepoFiles.k8s()
            .resolve("observability/otel-collector-from-medsieve.yaml");

    /**
     * Every flow the base opens, one line per policy, peer and port. The OTel line is the one this module added;
     * any other new flow must be added here on purpose, with the README's flow table.
     */
    private static final Set<String> EXPECTED_FLOWS = Set.of(
            "allow-dns egress ns=kube-system pods={k8s-app=kube-dns} UDP/53",
            "allow-dns egress ns=kube-system pods={k8s-app=kube-dns} TCP/53",
            "allow-kafka egress ns=kafka pods={strimzi.io/cluster=medsieve, strimzi.io/kind=Kafka} TCP/9094",
            "allow-postgres egress ns=postgres pods=* TCP/5432",
            "allow-vault egress ns=vault pods=* TCP/8200",
            "allow-keycloak egress ns=keycloak pods=* TCP/8443",
            "allow-otel-collector egress ns=observability pods={app.kubernetes.io/name=opentelemetry-collector}"
                    + " TCP/4318",
            "allow-prometheus-scrape ingress ns=monitoring pods=* TCP/8080",
            "ingest-service-from-ingress ingress ns=ingress-nginx pods={app.kubernetes.io/name=ingress-nginx}"
                    + " TCP/8080",
            "llm-cloud-service-egress-https egress ipBlock=0.0.0.0/0 TCP/443");

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyServiceExportsItsTracesToTheCollector(String target) {
        Rendered rendered = Rendered.of(target);
        Set<String> checked = new TreeSet<>();
        for (Deployment deployment : WorkloadPolicyTest.deployments(target)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> environment = environment(rendered, deployment.getSpec().getTemplate().getSpec()
                    .getContainers().get(0));
            assertThat(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")).as(name + " OTLP endpoint")
                    .isEqualTo(COLLECTOR_ENDPOINT);
            assertThat(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")).as(name + " OTLP protocol")
                    .isEqualTo("http/protobuf");
            checked.add(name);
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(ServiceProperties.services());
    }

    /** The endpoint's Service (namespace from its DNS name, port from its URL) is reachable from every service. */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyServiceMayReachTheCollectorOnOtlpHttp(String target) {
        URI endpoint = URI.create(COLLECTOR_ENDPOINT);
        String collectorNamespace = endpoint.getHost().split("\\.")[1];
        List<NetworkPolicy> policies = NetworkAndSecretsPolicyTest.policies(Rendered.of(target));
        for (Map<String, String> pod : NetworkAndSecretsPolicyTest.podLabels(Rendered.of(target))) {
            assertThat(egressAllowed(policies, pod, collectorNamespace, COLLECTOR_POD, "TCP", endpoint.getPort()))
                    .as(pod.get("app.kubernetes.io/name") + " -> collector " + endpoint.getPort()).isTrue();
        }
    }

    /** OTLP/gRPC, the collector's other ports and the rest of the observability namespace stay closed. */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void theCollectorFlowOpensNothingElse(String target) {
        List<NetworkPolicy> policies = NetworkAndSecretsPolicyTest.policies(Rendered.of(target));
        for (Map<String, String> pod : NetworkAndSecretsPolicyTest.podLabels(Rendered.of(target))) {
            String name = pod.get("app.kubernetes.io/name");
            for (int port : List.of(4317, 8888, 8889, 13133, 55679)) {
                assertThat(egressAllowed(policies, pod, "observability", COLLECTOR_POD, "TCP", port))
                        .as(name + " -> collector " + port).isFalse();
            }
            assertThat(egressAllowed(policies, pod, "observability", COLLECTOR_POD, "UDP", 4318))
                    .as(name + " -> collector UDP 4318").isFalse();
            for (int port : List.of(4317, 4318, 16686)) {
                assertThat(egressAllowed(policies, pod, "observability", OTHER_OBSERVABILITY_POD, "TCP", port))
                        .as(name + " -> jaeger " + port).isFalse();
            }
            assertThat(egressAllowed(policies, pod, "default", COLLECTOR_POD, "TCP", 4318))
                    .as(name + " -> a collector-labelled pod outside observability").isFalse();
        }
        assertThat(flows(policies)).containsExactlyInAnyOrderElementsOf(EXPECTED_FLOWS);
    }

    /** The policy the collector's owners apply: only MedSieve's service pods in, only on OTLP/HTTP. */
    @Test
    void theCollectorAcceptsOtlpOnlyFromMedsieveServices() {
        List<ObjectNode> documents = RepoFiles.yamlDocuments(COLLECTOR_POLICY);
        assertThat(documents).singleElement().satisfies(object -> assertThat(StrictModels.problems(object)).isEmpty());
        NetworkPolicy policy = StrictModels.read(documents.get(0), NetworkPolicy.class);
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("observability");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        List<NetworkPolicy> collectorSide = List.of(policy);
        for (Map<String, String> pod : NetworkAndSecretsPolicyTest.podLabels(Rendered.of("base"))) {
            String name = pod.get("app.kubernetes.io/name");
            assertThat(ingressAllowed(collectorSide, COLLECTOR_POD, NAMESPACE, pod, "TCP", 4318)).as(name).isTrue();
            assertThat(ingressAllowed(collectorSide, COLLECTOR_POD, NAMESPACE, pod, "TCP", 4317)).as(name).isFalse();
            assertThat(ingressAllowed(collectorSide, COLLECTOR_POD, "default", pod, "TCP", 4318))
                    .as(name + " labels from another namespace").isFalse();
        }
        assertThat(ingressAllowed(collectorSide, COLLECTOR_POD, NAMESPACE, Map.of("app", "debug"), "TCP", 4318))
                .as("a pod in medsieve that is not a MedSieve service").isFalse();
        assertThat(ingressAllowed(collectorSide, COLLECTOR_POD, "monitoring", PROMETHEUS_POD, "TCP", 8889))
                .as("Prometheus -> span metrics").isTrue();
        assertThat(ingressAllowed(collectorSide, COLLECTOR_POD, "monitoring", PROMETHEUS_POD, "TCP", 4318))
                .as("Prometheus -> OTLP").isFalse();
    }

    /** Prometheus finds /q/metrics by the pod annotations and the namespace lets it in on that port. */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyServiceIsScrapedOnItsMetricsPort(String target) {
        List<NetworkPolicy> policies = NetworkAndSecretsPolicyTest.policies(Rendered.of(target));
        for (Deployment deployment : WorkloadPolicyTest.deployments(target)) {
            String name = deployment.getMetadata().getName();
            var template = deployment.getSpec().getTemplate();
            int http = template.getSpec().getContainers().get(0).getPorts().stream()
                    .filter(port -> "http".equals(port.getName())).map(ContainerPort::getContainerPort)
                    .findFirst().orElseThrow();
            assertThat(template.getMetadata().getAnnotations()).as(name + " scrape annotations").containsOnly(
                    Map.entry("prometheus.io/scrape", "true"),
                    Map.entry("prometheus.io/port", String.valueOf(http)),
                    Map.entry("prometheus.io/path", "/q/metrics"));
            assertThat(ingressAllowed(policies, template.getMetadata().getLabels(), "monitoring", PROMETHEUS_POD,
                    "TCP", http)).as("Prometheus -> " + name + " " + http).isTrue();
        }
    }

    /** The container's environment as the kubelet builds it: envFrom ConfigMaps first, then env entries. */
    private static Map<String, String> environment(Rendered rendered, Container container) {
        Map<String, String> environment = new HashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                JsonNode data = rendered.get("ConfigMap", source.getConfigMapRef().getName()).path("data");
                data.fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
            }
        }
        for (EnvVar env : container.getEnv()) {
            environment.put(env.getName(), env.getValue());
        }
        return environment;
    }

    static boolean egressAllowed(List<NetworkPolicy> policies, Map<String, String> pod, String peerNamespace,
            Map<String, String> peer, String protocol, int port) {
        return policies.stream()
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress"))
                .filter(policy -> NetworkAndSecretsPolicyTest.selects(policy.getSpec().getPodSelector(), pod))
                .anyMatch(policy -> policy.getSpec().getEgress().stream()
                        .anyMatch(rule -> admits(rule.getTo(), namespaceOf(policy), peerNamespace, peer)
                                && opens(rule.getPorts(), protocol, port)));
    }

    static boolean ingressAllowed(List<NetworkPolicy> policies, Map<String, String> pod, String sourceNamespace,
            Map<String, String> source, String protocol, int port) {
        return policies.stream()
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(policy -> NetworkAndSecretsPolicyTest.selects(policy.getSpec().getPodSelector(), pod))
                .anyMatch(policy -> policy.getSpec().getIngress().stream()
                        .anyMatch(rule -> admits(rule.getFrom(), namespaceOf(policy), sourceNamespace, source)
                                && opens(rule.getPorts(), protocol, port)));
    }

    /**
     * Whether a rule's peers include a pod: no peers means every peer; a namespaceSelector matches the namespace's
     * name label; a podSelector alone means the policy's own namespace. ipBlock peers never match a pod here (the
     * only one excludes the private ranges pods live in; NetworkAndSecretsPolicyTest pins it).
     */
    private static boolean admits(List<NetworkPolicyPeer> peers, String policyNamespace, String namespace,
            Map<String, String> pod) {
        if (peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                continue;
            }
            LabelSelector namespaces = peer.getNamespaceSelector();
            boolean namespaceMatches = namespaces == null ? namespace.equals(policyNamespace)
                    : NetworkAndSecretsPolicyTest.selects(namespaces, Map.of("kubernetes.io/metadata.name", namespace));
            boolean podMatches = peer.getPodSelector() == null
                    || NetworkAndSecretsPolicyTest.selects(peer.getPodSelector(), pod);
            if (namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }

    /** Rendered policies carry the kustomization's namespace; the collector's policy names its own. */
    private static String namespaceOf(NetworkPolicy policy) {
        return policy.getMetadata().getNamespace() == null ? NAMESPACE : policy.getMetadata().getNamespace();
    }

    private static boolean opens(List<NetworkPolicyPort> ports, String protocol, int port) {
        if (ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(candidate -> protocol.equals(
                candidate.getProtocol() == null ? "TCP" : candidate.getProtocol())
                && (candidate.getPort() == null || candidate.getPort().getIntVal() != null
                && (candidate.getEndPort() == null ? candidate.getPort().getIntVal() == port
                        : candidate.getPort().getIntVal() <= port && port <= candidate.getEndPort())));
    }

    /** One line per policy, direction, peer and port, in the form of {@link #EXPECTED_FLOWS}. */
    private static Set<String> flows(List<NetworkPolicy> policies) {
        Set<String> flows = new TreeSet<>();
        for (NetworkPolicy policy : policies) {
            String name = policy.getMetadata().getName();
            policy.getSpec().getEgress().forEach(rule -> describe(flows, name + " egress", rule.getTo(),
                    rule.getPorts()));
            policy.getSpec().getIngress().forEach(rule -> describe(flows, name + " ingress", rule.getFrom(),
                    rule.getPorts()));
        }
        return flows;
    }

    private static void describe(Set<String> flows, String prefix, List<NetworkPolicyPeer> peers,
            List<NetworkPolicyPort> ports) {
        List<String> peerNames = peers.isEmpty() ? List.of("anywhere") : peers.stream().map(peer -> peer
                .getIpBlock() != null ? "ipBlock=" + peer.getIpBlock().getCidr()
                : "ns=" + (peer.getNamespaceSelector() == null ? "(own)" : peer.getNamespaceSelector()
                        .getMatchLabels().get("kubernetes.io/metadata.name")) + " pods=" + labels(peer.getPodSelector()))
                .toList();
        List<String> portNames = ports.isEmpty() ? List.of("any port") : ports.stream().map(port ->
                (port.getProtocol() == null ? "TCP" : port.getProtocol()) + "/" + (port.getPort() == null ? "*"
                        : port.getPort().getIntVal() != null ? port.getPort().getIntVal()
                        : port.getPort().getStrVal())).toList();
        peerNames.forEach(peer -> portNames.forEach(port -> flows.add(prefix + " " + peer + " " + port)));
    }

    /** "*" for every pod, otherwise the selector's labels in a stable order. */
    private static String labels(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty() ? "*"
                : new TreeMap<>(selector.getMatchLabels()).toString();
    }
}
