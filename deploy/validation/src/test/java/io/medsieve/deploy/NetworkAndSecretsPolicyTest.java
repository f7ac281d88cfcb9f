package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The namespace denies all traffic by default and each allowed flow is a named policy; secrets are only ever
 * referenced by name, never written down, and every Secret the SRE must create is documented.
 */
class NetworkAndSecretsPolicyTest {

    static final List<String> TARGETS = Rendered.TARGETS;

    /** Variable names that carry credentials: their value must come from a Secret. */
    private static final Pattern SENSITIVE = Pattern.compile(".*(PASSWORD|PASSPHRASE|SECRET|API_KEY|TOKEN|JAAS).*");

    /** Secrets Strimzi's user operator writes for each service's KafkaUser: nobody creates those by hand. */
    private static Set<String> operatorGenerated(Rendered rendered) {
        return rendered.ofKind("KafkaUser").stream().filter(user -> !user.path("spec").path("authentication")
                .has("password")).map(Rendered::name).collect(Collectors.toSet());
    }

    static List<NetworkPolicy> policies(Rendered rendered) {
        return rendered.ofKind("NetworkPolicy").stream().map(object -> StrictModels.read(object, NetworkPolicy.class))
                .toList();
    }

    static List<Map<String, String>> podLabels(Rendered rendered) {
        return rendered.ofKind("Deployment").stream().map(object -> StrictModels.read(object, Deployment.class))
                .map(deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels()).toList();
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector.getMatchExpressions().isEmpty() && (selector.getMatchLabels() == null
                || labels.entrySet().containsAll(selector.getMatchLabels().entrySet()));
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void namespaceDeniesEverythingByDefault(String target) {
        NetworkPolicy deny = policies(Rendered.of(target)).stream()
                .filter(policy -> policy.getMetadata().getName().equals("default-deny-all")).findFirst().orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyPolicySelectsRealPodsAndEveryRuleNamesItsPorts(String target) {
        Rendered rendered = Rendered.of(target);
        for (NetworkPolicy policy : policies(rendered)) {
            String name = policy.getMetadata().getName();
            assertThat(podLabels(rendered)).as(name + " selects at least one workload")
                    .anyMatch(labels -> selects(policy.getSpec().getPodSelector(), labels));
            policy.getSpec().getIngress().forEach(rule -> assertThat(rule.getPorts()).as(name).isNotEmpty());
            policy.getSpec().getEgress().forEach(rule -> assertThat(rule.getPorts()).as(name).isNotEmpty());
        }
    }

    /** Only the upload API is reachable from outside the namespace, other than Prometheus scraping metrics. */
    @Test
    void onlyIngestIsReachableFromTheIngressController() {
        Rendered base = Rendered.of("base");
        List<NetworkPolicy> fromIngress = policies(base).stream()
                .filter(policy -> policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
                        .anyMatch(peer -> peer.getNamespaceSelector() != null && "ingress-nginx".equals(peer
                                .getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))))
                .toList();
        assertThat(fromIngress).singleElement().satisfies(policy -> assertThat(policy.getSpec().getPodSelector()
                .getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "ingest-service")));
        Set<String> ingressSources = policies(base).stream().flatMap(policy -> policy.getSpec().getIngress().stream())
                .flatMap(rule -> rule.getFrom().stream())
                .map(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                .collect(Collectors.toSet());
        assertThat(ingressSources).containsExactlyInAnyOrder("ingress-nginx", "monitoring");
    }

    /** Egress to IP blocks (the internet) is llm-cloud's alone, on 443 only, never to private ranges. */
    @Test
    void onlyLlmCloudLeavesTheClusterAndOnlyOnHttps() {
        Rendered base = Rendered.of("base");
        for (NetworkPolicy policy : policies(base)) {
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                boolean toIpBlock = rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null);
                assertThat(rule.getTo()).as(policy.getMetadata().getName() + " egress names its peers").isNotEmpty();
                if (toIpBlock) {
                    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                            .containsExactly(Map.entry("app.kubernetes.io/name", "llm-cloud-service"));
                    assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                        assertThat(port.getPort().getIntVal()).isEqualTo(443);
                        assertThat(port.getProtocol()).isEqualTo("TCP");
                    });
                    for (NetworkPolicyPeer peer : rule.getTo()) {
                        assertThat(peer.getIpBlock().getExcept()).contains("10.0.0.0/8", "172.16.0.0/12",
                                "192.168.0.0/16", "169.254.0.0/16");
                    }
                }
            }
        }
    }

    /** Each needed flow exists for the pods that need it: DNS and Kafka for all, PostgreSQL for the database users. */
    @Test
    void everyWorkloadReachesDnsKafkaAndItsDatabase() {
        Rendered base = Rendered.of("base");
        for (Map<String, String> labels : podLabels(base)) {
            Set<String> destinations = policies(base).stream()
                    .filter(policy -> selects(policy.getSpec().getPodSelector(), labels))
                    .flatMap(policy -> policy.getSpec().getEgress().stream())
                    .flatMap(rule -> rule.getTo().stream())
                    .filter(peer -> peer.getNamespaceSelector() != null)
                    .map(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                    .collect(Collectors.toCollection(TreeSet::new));
            String service = labels.get("app.kubernetes.io/name");
            assertThat(destinations).as(service).contains("kube-system", "kafka", "observability");
            if (ServiceProperties.of(service).hasDatabase()) {
                assertThat(destinations).as(service).contains("postgres");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void credentialsComeFromSecretsOnly(String target) {
        Rendered rendered = Rendered.of(target);
        assertThat(rendered.ofKind("Secret")).isEmpty();
        for (ObjectNode configMap : rendered.ofKind("ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(key -> assertThat(key).as(Rendered.name(configMap))
                    .doesNotMatch(SENSITIVE));
        }
        for (ObjectNode object : rendered.ofKind("Deployment")) {
            for (Container container : StrictModels.read(object, Deployment.class).getSpec().getTemplate().getSpec()
                    .getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    if (SENSITIVE.matcher(env.getName()).matches()) {
                        assertThat(env.getValue()).as(env.getName()).isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                    }
                }
            }
        }
    }

    /** No file under deploy/ holds a Secret object or a credential-looking literal. */
    @Test
    void noSecretValuesInTheRepository() throws IOException {
        Pattern literal = Pattern.compile("(?im)^[ \\t]*(kind:[ \\t]*Secret|stringData:"
                + "|[A-Z_]*(PASSWORD|PASSPHRASE|API_KEY)[A-Z_]*:[ \\t]*\\S+|password:[ \\t]*[^\\s{]+)[ \\t]*$");
        try (Stream<Path> files = Files.walk(RepoFiles.root().resolve("deploy/k8s"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertThat(literal.matcher(RepoFiles.read(file)).find()).as(file.toString()).isFalse();
            }
        }
    }

    /** Every Secret a workload, KEDA or Strimzi reads is either generated by Strimzi or listed in the README. */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyReferencedSecretIsDocumentedForTheSre(String target) {
        Rendered rendered = Rendered.of(target);
        Set<String> referenced = new TreeSet<>();
        for (ObjectNode object : rendered.objects()) {
            collectSecretNames(object, referenced);
        }
        referenced.removeAll(operatorGenerated(rendered));
        String readme = RepoFiles.read(RepoFiles.k8s().resolve("README.md"));
        assertThat(referenced).isNotEmpty().allSatisfy(secret -> assertThat(readme).as("README lists Secret " + secret)
                .contains("`" + secret + "`"));
    }

    private static void collectSecretNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            if (node.has("secretKeyRef")) {
                names.add(node.get("secretKeyRef").path("name").asText());
            }
            if (node.has("secretName")) {
                names.add(node.get("secretName").asText());
            }
            if (node.has("secretTargetRef")) {
                node.get("secretTargetRef").forEach(ref -> names.add(ref.path("name").asText()));
            }
        }
        node.forEach(child -> collectSecretNames(child, names));
    }
}
