package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka as the manifests declare it: the topics of pipeline-events' Topics, each service's ACLs equal to what its
 * application.properties reads and writes, and KEDA scaling each consumer stage on its own group's lag without
 * ever asking for more consumers than partitions.
 */
class KafkaPolicyTest {

    static final List<String> TARGETS = Rendered.TARGETS;

    /** The stages KEDA scales on lag: every consuming service except ingest, which scales on HTTP traffic. */
    static final Map<String, String> SCALED_STAGES = Map.of(
            "ocr-service", "ocr", "redaction-service", "redaction", "router-service", "router",
            "llm-local-service", "llm-local", "llm-cloud-service", "llm-cloud", "audit-service", "audit");

    static Map<String, KafkaTopic> topics(Rendered rendered) {
        return rendered.ofKind("KafkaTopic").stream().map(object -> StrictModels.read(object, KafkaTopic.class))
                .collect(Collectors.toMap(topic -> topic.getMetadata().getName(), topic -> topic));
    }

    @Test
    void everyPipelineTopicAndDeadLetterTopicExists() {
        Set<String> expected = new TreeSet<>(Topics.PIPELINE);
        Arrays.stream(Stage.values()).map(Topics::deadLetter).forEach(expected::add);
        assertThat(topics(Rendered.of("base")).keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void topicsAreReplicatedAndDeadLettersKeptLongest() {
        Map<String, KafkaTopic> topics = topics(Rendered.of("overlays/prod"));
        long longestPipelineRetention = 0;
        for (KafkaTopic topic : topics.values()) {
            String name = topic.getMetadata().getName();
            assertThat(topic.getSpec().getReplicas()).as(name).isEqualTo(3);
            assertThat(((Number) topic.getSpec().getConfig().get("min.insync.replicas")).intValue()).as(name)
                    .isEqualTo(2);
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "medsieve");
            if (Topics.PIPELINE.contains(name)) {
                longestPipelineRetention = Math.max(longestPipelineRetention, retention(topic));
            }
        }
        for (Stage stage : Stage.values()) {
            assertThat(retention(topics.get(Topics.deadLetter(stage)))).as(Topics.deadLetter(stage))
                    .isGreaterThanOrEqualTo(longestPipelineRetention);
        }
        assertThat(retention(topics.get(Topics.DOCUMENT_INGESTED)))
                .isLessThan(retention(topics.get(Topics.deadLetter(Stage.OCR))));
    }

    private static long retention(KafkaTopic topic) {
        return ((Number) topic.getSpec().getConfig().get("retention.ms")).longValue();
    }

    /** One test per service: its KafkaUser's ACLs are exactly what its channels read and write. */
    @TestFactory
    Stream<DynamicTest> aclsMatchWhatEachServiceReadsAndWrites() {
        Rendered base = Rendered.of("base");
        return ServiceProperties.services().stream().map(service -> DynamicTest.dynamicTest(service, () -> {
            KafkaUser user = StrictModels.read(base.get("KafkaUser", service), KafkaUser.class);
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            Acls acls = Acls.of(user);
            assertThat(topics(base).keySet()).as("ACL topics exist").containsAll(acls.topicsRead())
                    .containsAll(acls.topicsWritten());
            ServiceProperties properties = ServiceProperties.of(service);
            Assumptions.assumeTrue(properties.hasChannels(), service
                    + " declares no Kafka channels on this branch yet; its ACLs follow the pipeline design");
            assertThat(acls.topicsRead()).as(service + " reads").isEqualTo(properties.readTopics());
            assertThat(acls.groups()).as(service + " groups").isEqualTo(properties.groups());
            assertThat(acls.topicsWritten()).as(service + " writes").isEqualTo(properties.writeTopics());
        }));
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyConsumerStageScalesOnItsGroupsLagWithinItsPartitions(String target) {
        Rendered rendered = Rendered.of(target);
        Map<String, KafkaTopic> topics = topics(rendered);
        assertThat(rendered.ofKind("ScaledObject").stream().map(Rendered::name))
                .containsExactlyInAnyOrderElementsOf(SCALED_STAGES.keySet());
        for (var stage : SCALED_STAGES.entrySet()) {
            String service = stage.getKey();
            JsonNode spec = rendered.get("ScaledObject", service).path("spec");
            assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(service);
            assertThat(rendered.get("Deployment", service).path("spec").has("replicas"))
                    .as(service + ": KEDA owns the replica count, the Deployment must not set it").isFalse();
            int min = spec.path("minReplicaCount").asInt();
            int max = spec.path("maxReplicaCount").asInt();
            assertThat(min).as(service).isBetween(1, max);

            assertThat(spec.path("triggers")).as(service).hasSize(1);
            JsonNode trigger = spec.path("triggers").get(0);
            JsonNode metadata = trigger.path("metadata");
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            assertThat(metadata.path("consumerGroup").asText()).isEqualTo(stage.getValue());
            assertThat(metadata.path("sasl").asText()).isEqualTo("scram_sha512");
            assertThat(metadata.path("tls").asText()).isEqualTo("enable");
            assertThat(metadata.path("bootstrapServers").asText()).isEqualTo(rendered.get("ConfigMap", service)
                    .path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText());
            assertThat(rendered.find("TriggerAuthentication", trigger.path("authenticationRef").path("name")
                    .asText())).as(service + " TriggerAuthentication").isPresent();

            ServiceProperties properties = ServiceProperties.of(service);
            Set<String> inputs = properties.hasChannels() ? properties.readTopics() : Set.of();
            if (properties.hasChannels()) {
                assertThat(properties.groups()).as(service).containsExactly(stage.getValue());
            }
            if (metadata.has("topic")) {
                String topic = metadata.path("topic").asText();
                if (properties.hasChannels()) {
                    assertThat(inputs).as(service + " scales on a topic it reads").containsExactly(topic);
                }
                inputs = Set.of(topic);
            } else {
                assertThat(inputs).as(service + " scales on all its topics: they must be known").isNotEmpty();
            }
            // Consumers beyond the partition count sit idle: replicas x consumers per replica <= partitions.
            int partitions = inputs.stream().mapToInt(topic -> topics.get(topic).getSpec().getPartitions()).max()
                    .orElseThrow();
            int perReplica = inputs.stream().mapToInt(properties::concurrency).max().orElseThrow();
            assertThat(max * perReplica).as(service + ": maxReplicaCount x concurrency <= partitions of " + inputs)
                    .isLessThanOrEqualTo(partitions);
        }
    }

    /**
     * Each service that uses Kafka authenticates in production as its own SCRAM-SHA-512 identity over TLS, failing
     * closed: the prod profile defaults to SASL_SSL, the credentials come only from the environment the Deployment
     * fills from the KafkaUser's Secret, and no properties file holds a JAAS line or password.
     */
    @TestFactory
    Stream<DynamicTest> everyServiceAuthenticatesAsItsOwnKafkaUserInProduction() {
        Rendered base = Rendered.of("base");
        return ServiceProperties.services().stream().map(service -> DynamicTest.dynamicTest(service, () -> {
            Assumptions.assumeTrue(ServiceProperties.of(service).hasChannels(), service + " has no Kafka channels");
            java.util.Properties raw = new java.util.Properties();
            try (var reader = java.nio.file.Files.newBufferedReader(RepoFiles.root().resolve(service)
                    .resolve("src/main/resources/application.properties"))) {
                raw.load(reader);
            }
            assertThat(raw.getProperty("%prod.kafka.security.protocol")).as(service)
                    .isEqualTo("${KAFKA_SECURITY_PROTOCOL:SASL_SSL}");
            assertThat(raw.getProperty("%prod.kafka.sasl.mechanism")).as(service)
                    .isEqualTo("${KAFKA_SASL_MECHANISM:SCRAM-SHA-512}");
            assertThat(raw.getProperty("%prod.kafka.sasl.jaas.config")).as(service)
                    .isEqualTo("${KAFKA_SASL_JAAS_CONFIG:}");
            assertThat(raw.stringPropertyNames()).as(service + ": no credentials in properties")
                    .noneMatch(key -> key.contains("jaas") && !raw.getProperty(key).startsWith("${"))
                    .noneMatch(key -> key.contains("sasl") && key.contains("password"));

            JsonNode config = base.get("ConfigMap", service).path("data");
            assertThat(config.path("KAFKA_SECURITY_PROTOCOL").asText()).as(service).isEqualTo("SASL_SSL");
            assertThat(config.path("KAFKA_SASL_MECHANISM").asText()).as(service).isEqualTo("SCRAM-SHA-512");
            JsonNode jaas = null;
            for (JsonNode container : base.get("Deployment", service).path("spec").path("template").path("spec")
                    .path("containers")) {
                for (JsonNode env : container.path("env")) {
                    if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                        jaas = env;
                    }
                }
            }
            assertThat(jaas).as(service + " KAFKA_SASL_JAAS_CONFIG").isNotNull();
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("name").asText())
                    .as(service + ": the Secret Strimzi writes for its own KafkaUser").isEqualTo(service);
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("sasl.jaas.config");
        }));
    }

    /** KEDA may look, never read or write: Describe on the scaled groups and the topics. */
    @Test
    void kedaUserOnlyDescribes() {
        Rendered base = Rendered.of("base");
        KafkaUser keda = StrictModels.read(base.get("KafkaUser", "keda"), KafkaUser.class);
        var rules = ((KafkaUserAuthorizationSimple) keda.getSpec().getAuthorization()).getAcls();
        assertThat(rules).allSatisfy(rule -> assertThat(rule.getOperations()).containsExactly(AclOperation.DESCRIBE));
        Set<String> groups = rules.stream().filter(rule -> rule.getResource() instanceof AclRuleGroupResource)
                .map(rule -> ((AclRuleGroupResource) rule.getResource()).getName()).collect(Collectors.toSet());
        assertThat(groups).containsExactlyInAnyOrderElementsOf(SCALED_STAGES.values());
        for (ObjectNode scaledObject : base.ofKind("ScaledObject")) {
            JsonNode topic = scaledObject.path("spec").path("triggers").get(0).path("metadata").path("topic");
            if (!topic.isMissingNode()) {
                assertThat(Acls.of(keda).described()).contains(topic.asText());
            }
        }
    }

    /** A KafkaUser's simple-authorization rules, grouped by what they allow. */
    record Acls(Set<String> topicsRead, Set<String> topicsWritten, Set<String> groups, Set<String> described) {

        static Acls of(KafkaUser user) {
            Map<String, Set<String>> byKind = new HashMap<>();
            List<AclRule> rules = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            for (AclRule rule : rules) {
                Set<AclOperation> operations = Set.copyOf(rule.getOperations());
                if (rule.getResource() instanceof AclRuleTopicResource topic) {
                    assertThat(topic.getPatternType().toValue()).as("no prefix ACLs").isEqualTo("literal");
                    String kind = operations.equals(Set.of(AclOperation.READ, AclOperation.DESCRIBE)) ? "read"
                            : operations.equals(Set.of(AclOperation.WRITE, AclOperation.DESCRIBE)) ? "write"
                            : operations.equals(Set.of(AclOperation.DESCRIBE)) ? "describe" : "other " + operations;
                    byKind.computeIfAbsent(kind, key -> new TreeSet<>()).add(topic.getName());
                } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                    assertThat(group.getPatternType().toValue()).as("no prefix ACLs").isEqualTo("literal");
                    String kind = operations.equals(Set.of(AclOperation.READ)) ? "group"
                            : operations.equals(Set.of(AclOperation.DESCRIBE)) ? "group-describe"
                            : "other " + operations;
                    byKind.computeIfAbsent(kind, key -> new TreeSet<>()).add(group.getName());
                } else {
                    byKind.computeIfAbsent("other " + rule.getResource(), key -> new TreeSet<>());
                }
            }
            assertThat(byKind.keySet()).as(user.getMetadata().getName() + " rules are read, write, group or describe")
                    .allMatch(kind -> !kind.startsWith("other"));
            return new Acls(byKind.getOrDefault("read", Set.of()), byKind.getOrDefault("write", Set.of()),
                    byKind.getOrDefault("group", Set.of()), byKind.getOrDefault("describe", Set.of()));
        }
    }
}
