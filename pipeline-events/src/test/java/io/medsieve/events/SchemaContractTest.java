package io.medsieve.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the schemas, the records and the type registry from drifting apart. The sealed hierarchy is the
 * source of truth: an event added there without a registry entry, a schema, or a schema that lists exactly
 * its fields, fails here rather than in another service's consumer.
 */
class SchemaContractTest {

    private static final String COMMON = "common.v1.schema.json";

    static Stream<Class<?>> eventClasses() {
        return Arrays.stream(PipelineEvent.class.getPermittedSubclasses());
    }

    static Stream<String> schemaResources() {
        return schemaFileNames().stream().map(name -> EventSchemas.RESOURCE_DIR + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void everyPermittedEventIsRegisteredAndHasASchema(Class<?> type) throws ReflectiveOperationException {
        String eventType = (String) type.getField("TYPE").get(null);
        int version = type.getField("SCHEMA_VERSION").getInt(null);

        assertThat(eventType).as("TYPE is the record's simple name").isEqualTo(type.getSimpleName());
        assertThat(version).isGreaterThanOrEqualTo(1);
        assertThat(EventJson.TYPES).containsEntry(eventType, type.asSubclass(PipelineEvent.class));
        assertThat(getClass().getClassLoader().getResource(EventSchemas.resourcePath(eventType, version)))
                .as("schema of %s", eventType).isNotNull();
        assertThat(Schemas.forType(eventType, version)).isNotNull();
    }

    @Test
    void registryHoldsNothingButPermittedEvents() {
        assertThat(EventJson.TYPES.values()).containsExactlyInAnyOrder(
                eventClasses().map(c -> c.asSubclass(PipelineEvent.class)).toArray(Class[]::new));
    }

    @Test
    void everySchemaFileBelongsToAnEvent() throws ReflectiveOperationException {
        Set<String> expected = new HashSet<>();
        expected.add(COMMON);
        for (Class<?> type : PipelineEvent.class.getPermittedSubclasses()) {
            String path = EventSchemas.resourcePath((String) type.getField("TYPE").get(null),
                    type.getField("SCHEMA_VERSION").getInt(null));
            expected.add(path.substring(EventSchemas.RESOURCE_DIR.length()));
        }

        assertThat(schemaFileNames()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void commonEventTypeEnumListsExactlyThePermittedEvents() {
        assertThat(texts(Schemas.common().at("/$defs/EventType/enum")))
                .containsExactlyInAnyOrderElementsOf(EventJson.TYPES.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void eventSchemaPinsItsOwnTypeVersionAndId(Class<?> type) throws ReflectiveOperationException {
        String eventType = (String) type.getField("TYPE").get(null);
        int version = type.getField("SCHEMA_VERSION").getInt(null);
        JsonNode schema = Schemas.document(EventSchemas.resourcePath(eventType, version));

        assertThat(schema.path("$id").asText()).isEqualTo(EventSchemas.schemaId(eventType, version));
        assertThat(schema.at("/properties/header/properties/eventType/const").asText()).isEqualTo(eventType);
        assertThat(schema.at("/properties/header/properties/schemaVersion/const").asInt()).isEqualTo(version);
    }

    /** Record classes and where their schema lives, so a new record field cannot go unpublished. */
    static Stream<Arguments> recordSchemas() {
        List<Arguments> cases = new ArrayList<>();
        eventClasses().forEach(type -> cases.add(Arguments.of(type, type.getSimpleName() + ".v1.schema.json", "")));
        cases.add(Arguments.of(EventHeader.class, COMMON, "/$defs/EventHeader"));
        cases.add(Arguments.of(Producer.class, COMMON, "/$defs/Producer"));
        cases.add(Arguments.of(ContentRef.class, COMMON, "/$defs/ContentRef"));
        cases.add(Arguments.of(DocumentExtracted.PageSummary.class, "DocumentExtracted.v1.schema.json",
                "/$defs/PageSummary"));
        cases.add(Arguments.of(DocumentRedacted.RedactedEntity.class, "DocumentRedacted.v1.schema.json",
                "/$defs/RedactedEntity"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordSchemas")
    void schemaPropertiesAreExactlyTheRecordComponents(Class<?> record, String file, String pointer) {
        JsonNode schema = Schemas.document(EventSchemas.RESOURCE_DIR + file).at(pointer);
        List<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();

        assertThat(names(schema.path("properties"))).containsExactlyInAnyOrderElementsOf(components);
        assertThat(texts(schema.path("required"))).containsExactlyInAnyOrderElementsOf(components);
        assertThat(schema.path("additionalProperties").isBoolean()
                && !schema.path("additionalProperties").asBoolean()).isTrue();
    }

    /** Java enums and their schema counterparts. */
    static Stream<Arguments> enumSchemas() {
        return Stream.of(
                Arguments.of(Priority.class, COMMON, "/$defs/Priority/enum"),
                Arguments.of(AnalysisTask.class, COMMON, "/$defs/AnalysisTask/enum"),
                Arguments.of(Route.class, COMMON, "/$defs/Route/enum"),
                Arguments.of(Stage.class, COMMON, "/$defs/Stage/enum"),
                Arguments.of(ExtractionMethod.class, COMMON, "/$defs/ExtractionMethod/enum"),
                Arguments.of(ReviewDecision.Decision.class, "ReviewDecision.v1.schema.json",
                        "/properties/decision/enum"),
                Arguments.of(AnalysisProposed.Status.class, "AnalysisProposed.v1.schema.json",
                        "/properties/status/enum"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enumSchemas")
    void schemaEnumsListExactlyTheJavaConstants(Class<? extends Enum<?>> type, String file, String pointer) {
        List<String> constants = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();

        assertThat(texts(Schemas.document(EventSchemas.RESOURCE_DIR + file).at(pointer)))
                .containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void analysisModelFieldsAreStrictExactlyWhenTheStatusIsProposed() {
        JsonNode schema = Schemas.document(EventSchemas.resourcePath(AnalysisProposed.TYPE, 1));
        assertThat(schema.at("/if/properties/status/const").asText()).isEqualTo(AnalysisProposed.Status.PROPOSED.name());
        assertThat(names(schema.at("/then/properties"))).containsExactlyInAnyOrder("provider", "modelId",
                "modelVersion", "promptTemplateId", "promptTemplateVersion", "inputDigest", "route");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaResources")
    void schemaIsAValidDraft202012SchemaWithIdAndDescription(String resource) {
        JsonNode schema = Schemas.document(resource);
        JsonSchema metaSchema = Schemas.FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012), Schemas.CONFIG);

        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo(SchemaId.V202012);
        assertThat(schema.path("$id").asText())
                .isEqualTo(EventSchemas.ID_BASE + resource.substring(EventSchemas.RESOURCE_DIR.length()));
        assertThat(schema.path("description").asText()).isNotBlank();
        schema.path("$defs").properties().forEach(def ->
                assertThat(def.getValue().path("description").asText()).as("description of %s", def.getKey())
                        .isNotBlank());
    }

    /**
     * Every object schema is closed and requires all of its properties; only the {@code oneOf} branches and
     * per-event header overrides, which have no {@code type}, narrow properties of an object defined elsewhere.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaResources")
    void everyObjectSchemaIsClosedAndRequiresAllItsProperties(String resource) {
        List<String> checked = new ArrayList<>();
        forEachObjectSchema(Schemas.document(resource), "", (pointer, node) -> {
            checked.add(pointer);
            assertThat(node.path("additionalProperties").isBoolean()
                    && !node.path("additionalProperties").asBoolean())
                    .as("additionalProperties false at %s", pointer).isTrue();
            assertThat(texts(node.path("required"))).as("required at %s", pointer)
                    .containsExactlyInAnyOrderElementsOf(names(node.path("properties")));
        });
        assertThat(checked).isNotEmpty();
    }

    private static void forEachObjectSchema(JsonNode node, String pointer, BiConsumer<String, JsonNode> check) {
        if (node.isObject()) {
            if ("object".equals(node.path("type").asText())) {
                check.accept(pointer.isEmpty() ? "/" : pointer, node);
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                forEachObjectSchema(field.getValue(), pointer + "/" + field.getKey(), check);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachObjectSchema(node.get(i), pointer + "/" + i, check);
            }
        }
    }

    private static List<String> schemaFileNames() {
        URL dir = SchemaContractTest.class.getClassLoader().getResource(EventSchemas.RESOURCE_DIR);
        assertThat(dir).as("schema directory on the classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
