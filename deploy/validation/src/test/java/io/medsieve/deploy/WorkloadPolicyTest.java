package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules every workload meets in every rendering: the pod security baseline (non-root as the image's uid 10001,
 * read-only root file system, no capabilities, RuntimeDefault seccomp, no API token), requests and limits, the
 * Quarkus health probes, a PDB, a Service and the settings each service's application.properties needs.
 */
class WorkloadPolicyTest {

    static final List<String> TARGETS = Rendered.TARGETS;

    static List<Deployment> deployments(String target) {
        return Rendered.of(target).ofKind("Deployment").stream()
                .map(object -> StrictModels.read(object, Deployment.class)).toList();
    }

    static List<Container> containers(PodSpec pod) {
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        return containers;
    }

    @Test
    void everyServiceModuleHasADeployment() {
        assertThat(Rendered.of("base").ofKind("Deployment").stream().map(Rendered::name))
                .containsExactlyInAnyOrderElementsOf(ServiceProperties.services());
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void podsRunNonRootReadOnlyWithoutCapabilitiesOrApiToken(String target) {
        for (Deployment deployment : deployments(target)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " automountServiceAccountToken").isFalse();
            assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name + " runAsUser").isEqualTo(10001L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name)
                    .isEqualTo("RuntimeDefault");
            for (Container container : containers(pod)) {
                var security = container.getSecurityContext();
                assertThat(security).as(name + " container securityContext").isNotNull();
                assertThat(security.getReadOnlyRootFilesystem()).as(name + " readOnlyRootFilesystem").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(name + " allowPrivilegeEscalation").isFalse();
                assertThat(security.getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getRunAsNonRoot()).as(name).isNotEqualTo(Boolean.FALSE);
                assertThat(security.getRunAsUser()).as(name).isIn(null, 10001L);
                assertThat(security.getCapabilities().getDrop()).as(name + " capabilities.drop").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(name + " capabilities.add").isNullOrEmpty();
            }
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void writablePathsAreVolumesAndTmpIsAnEmptyDir(String target) {
        for (Deployment deployment : deployments(target)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Map<String, Volume> volumes = pod.getVolumes().stream()
                    .collect(Collectors.toMap(Volume::getName, volume -> volume));
            for (Container container : containers(pod)) {
                for (VolumeMount mount : container.getVolumeMounts()) {
                    assertThat(volumes).as(deployment.getMetadata().getName() + " mount " + mount.getName())
                            .containsKey(mount.getName());
                }
                VolumeMount tmp = container.getVolumeMounts().stream()
                        .filter(mount -> mount.getMountPath().equals("/tmp")).findFirst().orElseThrow();
                assertThat(volumes.get(tmp.getName()).getEmptyDir()).as(deployment.getMetadata().getName() + " /tmp")
                        .isNotNull();
            }
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyContainerHasRequestsWithinLimits(String target) {
        for (Deployment deployment : deployments(target)) {
            for (Container container : containers(deployment.getSpec().getTemplate().getSpec())) {
                var resources = container.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    String what = deployment.getMetadata().getName() + " " + resource;
                    Quantity request = resources.getRequests().get(resource);
                    Quantity limit = resources.getLimits().get(resource);
                    assertThat(request).as(what + " request").isNotNull();
                    assertThat(limit).as(what + " limit").isNotNull();
                    assertThat(request.getNumericalAmount()).as(what + " request <= limit")
                            .isLessThanOrEqualTo(limit.getNumericalAmount());
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void probesUseTheQuarkusHealthEndpointsOnTheHttpPort(String target) {
        for (Deployment deployment : deployments(target)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String name = deployment.getMetadata().getName();
            assertThat(container.getPorts()).as(name).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(8080);
            });
            Map<String, Probe> probes = Map.of("/q/health/started", container.getStartupProbe(),
                    "/q/health/live", container.getLivenessProbe(),
                    "/q/health/ready", container.getReadinessProbe());
            probes.forEach((path, probe) -> {
                assertThat(probe).as(name + " " + path).isNotNull();
                assertThat(probe.getHttpGet().getPath()).as(name).isEqualTo(path);
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(name).isEqualTo("http");
            });
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyDeploymentHasAMatchingPdbAndService(String target) {
        Rendered rendered = Rendered.of(target);
        for (Deployment deployment : deployments(target)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).as(name + " selector matches the pod template")
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            List<PodDisruptionBudget> pdbs = rendered.ofKind("PodDisruptionBudget").stream()
                    .map(object -> StrictModels.read(object, PodDisruptionBudget.class))
                    .filter(pdb -> podLabels.entrySet().containsAll(
                            pdb.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(pdbs).as(name + " PDB").hasSize(1);
            var spec = pdbs.get(0).getSpec();
            assertThat(spec.getMinAvailable() == null ^ spec.getMaxUnavailable() == null)
                    .as(name + " PDB sets exactly one of minAvailable/maxUnavailable").isTrue();
            ObjectNode service = rendered.get("Service", name);
            service.path("spec").path("selector").fields().forEachRemaining(entry -> assertThat(podLabels)
                    .as(name + " Service selector").containsEntry(entry.getKey(), entry.getValue().asText()));
        }
    }

    /** Production keeps two pods of everything and never lets a drain take a service below one. */
    @Test
    void prodIsHighlyAvailable() {
        Rendered prod = Rendered.of("overlays/prod");
        for (ObjectNode pdb : prod.ofKind("PodDisruptionBudget")) {
            assertThat(pdb.path("spec").path("minAvailable").asInt()).as(Rendered.name(pdb)).isGreaterThanOrEqualTo(1);
        }
        for (ObjectNode scaledObject : prod.ofKind("ScaledObject")) {
            assertThat(scaledObject.path("spec").path("minReplicaCount").asInt()).as(Rendered.name(scaledObject))
                    .isGreaterThanOrEqualTo(2);
        }
        for (Deployment deployment : deployments("overlays/prod")) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getTopologySpreadConstraints()).as(deployment.getMetadata().getName())
                    .extracting(constraint -> constraint.getTopologyKey())
                    .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            if (deployment.getSpec().getReplicas() != null) {
                assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(3);
            }
        }
        assertThat(Rendered.of("overlays/dev").get("Deployment", "ingest-service").path("spec").path("replicas")
                .asInt()).isEqualTo(1);
    }

    /** The variables each service reads (deploy/README.md) are set, from the ConfigMap or a Secret. */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void servicesGetTheirKafkaDatabaseAndKeyringSettings(String target) {
        Rendered rendered = Rendered.of(target);
        for (String service : ServiceProperties.services()) {
            Deployment deployment = StrictModels.read(rendered.get("Deployment", service), Deployment.class);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getEnvFrom()).as(service).anySatisfy(source ->
                    assertThat(source.getConfigMapRef().getName()).isEqualTo(service));
            Set<String> names = Stream.concat(
                    container.getEnv().stream().map(EnvVar::getName),
                    iterable(rendered.get("ConfigMap", service).path("data").fieldNames()).stream())
                    .collect(Collectors.toSet());
            assertThat(names).as(service).contains("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL",
                    "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG", "MEDSIEVE_KEYRING_PASSPHRASE",
                    "MEDSIEVE_DATA_DIR", "QUARKUS_HTTP_PORT");
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            if (ServiceProperties.of(service).hasDatabase()) {
                assertThat(names).as(service + " has a database").contains("QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
                assertThat(labels).as(service + " may reach PostgreSQL").containsEntry("medsieve.io/database", "true");
            }
        }
    }

    /**
     * A service that links Tesseract (its pom depends on tess4j) needs the engine in its image and each call held to
     * one core (OpenMP would otherwise oversubscribe the CPU limit); the others stay without it.
     */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void servicesRunningTesseractGetItInTheirImageAndOneCorePerCall(String target) {
        Rendered rendered = Rendered.of(target);
        String dockerfile = RepoFiles.read(RepoFiles.root().resolve("deploy/docker/Dockerfile.jvm"));
        JsonNode composeServices = ComposeFileTest.compose().path("services");
        for (String service : ServiceProperties.services()) {
            if (!RepoFiles.read(RepoFiles.root().resolve(service).resolve("pom.xml")).contains("<artifactId>tess4j")) {
                continue;
            }
            assertThat(dockerfile).as(service + " image installs Tesseract")
                    .contains("\"${SERVICE}\" = \"" + service + "\"");
            assertThat(rendered.get("ConfigMap", service).path("data").path("OMP_THREAD_LIMIT").asText())
                    .as(service + " OMP_THREAD_LIMIT in Kubernetes").isEqualTo("1");
            assertThat(composeServices.path(service).path("environment").path("OMP_THREAD_LIMIT").asText())
                    .as(service + " OMP_THREAD_LIMIT in compose").isEqualTo("1");
        }
    }

    /**
     * Directories the services keep per pod must not land on the shared volume: OCR's crash journal counts the
     * attempts of this instance, and ingest's upload spool holds plaintext (its properties ask for a memory-backed
     * emptyDir).
     */
    @ParameterizedTest
    @FieldSource("TARGETS")
    void perPodDirectoriesAreEmptyDirsNotTheSharedVolume(String target) {
        Rendered rendered = Rendered.of(target);
        assertThat(ServiceProperties.of("ocr-service").properties()).containsKey("medsieve.ocr.crash-journal.directory");
        Volume journal = volumeAt(rendered, "ocr-service", rendered.get("ConfigMap", "ocr-service").path("data")
                .path("MEDSIEVE_OCR_CRASH_JOURNAL_DIRECTORY").asText());
        assertThat(journal.getEmptyDir()).as("ocr crash journal").isNotNull();

        String uploads = ServiceProperties.of("ingest-service").properties().get("quarkus.http.body.uploads-directory")
                .replace("${medsieve.data-dir:${java.io.tmpdir}/medsieve}", rendered.get("ConfigMap", "ingest-service")
                        .path("data").path("MEDSIEVE_DATA_DIR").asText());
        Volume spool = volumeAt(rendered, "ingest-service", uploads);
        assertThat(spool.getEmptyDir()).as("ingest upload spool " + uploads).isNotNull();
        assertThat(spool.getEmptyDir().getMedium()).as("ingest upload spool").isEqualTo("Memory");
    }

    /** The volume mounted at the deepest mount path containing {@code path}, as the kernel would resolve it. */
    private static Volume volumeAt(Rendered rendered, String service, String path) {
        PodSpec pod = StrictModels.read(rendered.get("Deployment", service), Deployment.class).getSpec().getTemplate()
                .getSpec();
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(candidate -> path.equals(candidate.getMountPath())
                        || path.startsWith(candidate.getMountPath() + "/"))
                .max(java.util.Comparator.comparingInt(candidate -> candidate.getMountPath().length()))
                .orElseThrow(() -> new AssertionError(service + ": " + path + " is on the read-only root"));
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
