package io.medsieve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the Compose Specification's JSON schema (bundled, see schemas/README.md), after
 * resolving anchors and merge keys as Compose does, plus what the schema cannot know: every service builds a real
 * module with the repository's Dockerfile, gets the settings its application.properties needs, and depends only on
 * services that exist.
 */
class ComposeFileTest {

    /** Infrastructure in compose that is not built from this repository. */
    private static final Set<String> INFRASTRUCTURE = Set.of("kafka", "postgres", "keycloak", "vault",
            "vault-init", "otel-collector", "jaeger", "prometheus", "grafana");

    static ObjectNode compose() {
        return (ObjectNode) RepoFiles.yamlSingle(RepoFiles.root().resolve("docker-compose.yml"));
    }

    static Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new TreeMap<>();
        compose().get("services").fields().forEachRemaining(entry -> services.put(entry.getKey(), entry.getValue()));
        return services;
    }

    @Test
    void matchesTheComposeSpecification() throws IOException {
        ObjectNode schemaDocument;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/compose-spec.json")) {
            schemaDocument = (ObjectNode) RepoFiles.JSON.readTree(in);
        }
        // The bundled schema predates the top-level "name" (project name) of today's Compose Specification; it is
        // added here as the specification defines it, and nothing else is changed.
        ((ObjectNode) schemaDocument.get("properties")).putObject("name").put("type", "string");
        List<String> problems = schema(schemaDocument).validate(compose()).stream().map(ValidationMessage::getMessage).toList();
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatComposeRejects() throws IOException {
        ObjectNode broken = compose();
        ((ObjectNode) broken.get("services").get("ocr-service")).put("read_onyl", true);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/compose-spec.json")) {
            assertThat(schema(RepoFiles.JSON.readTree(in)).validate(broken)).isNotEmpty();
        }
    }

    /**
     * The schema declares draft 2019-09 but carries draft-04 style {@code id} members, which 2019-09 does not
     * define: they are read as annotations, as any 2019-09 validator that tolerates unknown keywords would.
     */
    private static JsonSchema schema(JsonNode document) {
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                .keyword(new NonValidationKeyword("id")).build();
        return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909))
                .metaSchema(metaSchema).build().getSchema(document);
    }

    @Test
    void everyServiceModuleIsInComposeAndBuildsFromTheRepository() {
        Map<String, JsonNode> services = services();
        assertThat(services.keySet()).containsAll(ServiceProperties.services());
        for (var entry : services.entrySet()) {
            JsonNode service = entry.getValue();
            if (INFRASTRUCTURE.contains(entry.getKey())) {
                assertThat(service.path("image").asText()).as(entry.getKey() + " pins an image tag").matches(".+:.+");
                continue;
            }
            JsonNode build = service.path("build");
            assertThat(Files.isRegularFile(RepoFiles.root().resolve(build.path("context").asText())
                    .resolve(build.path("dockerfile").asText()))).as(entry.getKey() + " Dockerfile").isTrue();
            assertThat(build.path("args").path("SERVICE").asText()).as(entry.getKey() + " builds its own module")
                    .isEqualTo(entry.getKey());
            assertThat(service.path("read_only").asBoolean()).as(entry.getKey() + " read_only").isTrue();
        }
    }

    @Test
    void servicesGetTheSettingsTheirPropertiesNeed() {
        List<String> missing = new ArrayList<>();
        for (String name : ServiceProperties.services()) {
            JsonNode environment = services().get(name).path("environment");
            environment.fieldNames().forEachRemaining(variable -> assertThat(variable).matches("[A-Z][A-Z0-9_]*"));
            for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL",
                    "MEDSIEVE_KEYRING_PASSPHRASE", "MEDSIEVE_DATA_DIR")) {
                assertThat(environment.has(variable)).as(name + " " + variable).isTrue();
            }
            if (ServiceProperties.of(name).hasDatabase()) {
                boolean wired = environment.has("QUARKUS_DATASOURCE_JDBC_URL")
                        && environment.has("QUARKUS_DATASOURCE_USERNAME")
                        && environment.has("QUARKUS_DATASOURCE_PASSWORD")
                        && services().get(name).path("depends_on").has("postgres");
                if (!wired) {
                    missing.add(name);
                }
            }
        }
        assertThat(missing).as("services whose database compose does not wire").isEmpty();
    }

    @Test
    void everyDatabaseAServiceConnectsToIsCreatedOnAFreshVolume() throws Exception {
        String init = Files.readString(RepoFiles.root().resolve("deploy/compose/postgres-init.sql"));
        Pattern url = Pattern.compile("jdbc:postgresql://postgres:5432/([a-z_]+)");
        for (Map.Entry<String, JsonNode> entry : services().entrySet()) {
            Matcher database = url.matcher(entry.getValue().path("environment").path("QUARKUS_DATASOURCE_JDBC_URL")
                    .asText(""));
            if (database.matches()) {
                assertThat(init).as(entry.getKey() + " needs its database created")
                        .containsPattern("(?im)^create database " + database.group(1) + ";");
            }
        }
    }

    @Test
    void dependenciesAndVolumesExist() {
        Map<String, JsonNode> services = services();
        JsonNode volumes = compose().path("volumes");
        for (var entry : services.entrySet()) {
            entry.getValue().path("depends_on").fieldNames().forEachRemaining(target ->
                    assertThat(services).as(entry.getKey() + " depends_on").containsKey(target));
            for (JsonNode mount : entry.getValue().path("volumes")) {
                String source = mount.asText().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(volumes.has(source)).as(entry.getKey() + " volume " + source).isTrue();
                } else {
                    assertThat(Files.exists(RepoFiles.root().resolve(source))).as(entry.getKey() + " " + source)
                            .isTrue();
                }
            }
        }
    }
}
