package io.medsieve.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.medsieve.events.EventJson;
import io.medsieve.events.EventSchemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a stage's records honour the published contract, the way a consumer would read them: schemas loaded
 * by {@code $id} with the id prefix mapped to the classpath (so {@code $ref}s resolve offline) and with format
 * assertions on (2020-12 otherwise treats {@code format} as an annotation and lets a bad UUID or timestamp through).
 * pipeline-events' own tests keep an equivalent loader, since they cannot depend on this module.
 */
public final class EventSchemaValidator {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers ->
                    mappers.mapPrefix(EventSchemas.ID_BASE, "classpath:" + EventSchemas.RESOURCE_DIR)));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemaValidator() {
    }

    /**
     * Schema violations of the exact bytes a stage put on the wire; empty when valid.
     *
     * @param eventType     the type the record must be, e.g. {@code DocumentExtracted.TYPE}
     * @param schemaVersion the version it must follow, e.g. {@code DocumentExtracted.SCHEMA_VERSION}
     */
    public static Set<ValidationMessage> violations(String eventType, int schemaVersion, byte[] record) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(eventType + "/" + schemaVersion, key ->
                FACTORY.getSchema(SchemaLocation.of(EventSchemas.schemaId(eventType, schemaVersion)), CONFIG));
        try {
            JsonNode tree = EventJson.mapper().readTree(record);
            return schema.validate(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
