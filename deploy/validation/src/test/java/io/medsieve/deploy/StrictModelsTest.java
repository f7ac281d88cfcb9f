package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator itself: it must reject what the API server (or KEDA, or Strimzi) would reject. */
class StrictModelsTest {

    private static JsonNode yaml(String text) {
        return RepoFiles.yamlValue(text);
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: demo}
            spec:
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s
            """;

    @Test
    void validDeploymentPasses() {
        assertThat(StrictModels.problems(yaml(DEPLOYMENT.formatted("ports: [{containerPort: 8080}]")))).isEmpty();
    }

    @Test
    void unknownFieldDeepInsideAContainerFails() {
        assertThat(StrictModels.problems(yaml(DEPLOYMENT.formatted("securityContext: {readOnlyRootFileSystem: true}"))))
                .singleElement().asString().contains("readOnlyRootFileSystem");
    }

    @Test
    void quotedNumberFails() {
        assertThat(StrictModels.problems(yaml(DEPLOYMENT.formatted("ports: [{containerPort: \"8080\"}]"))))
                .hasSize(1);
    }

    @Test
    void configMapValueThatIsNotAStringFails() {
        assertThat(StrictModels.problems(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: demo}
                data: {QUARKUS_HTTP_PORT: 8080}
                """))).hasSize(1);
    }

    @Test
    void unknownFieldInStrimziTopicAndAclFails() {
        assertThat(StrictModels.problems(yaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: demo}
                spec: {partitions: 3, replica: 3}
                """))).singleElement().asString().contains("replica");
        assertThat(StrictModels.problems(yaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata: {name: demo}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: demo, patternType: literal}
                        operations: [Read, Consume]
                """))).hasSize(1);
    }

    @Test
    void kedaTriggerMetadataMustBeStringsAndKnownKafkaParameters() {
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: demo}
                spec:
                  scaleTargetRef: {name: demo}
                  triggers:
                    - type: kafka
                      metadata: {bootstrapServers: "kafka:9092", consumerGroup: demo, %s}
                """;
        assertThat(StrictModels.problems(yaml(scaledObject.formatted("lagThreshold: \"10\"")))).isEmpty();
        assertThat(StrictModels.problems(yaml(scaledObject.formatted("lagThreshold: 10")))).isNotEmpty();
        assertThat(StrictModels.problems(yaml(scaledObject.formatted("lagTreshold: \"10\"")))).isNotEmpty();
    }

    @Test
    void unknownKindFails() {
        assertThat(StrictModels.problems(yaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: demo}
                stringData: {password: hunter2}
                """))).singleElement().asString().contains("no model");
    }
}
