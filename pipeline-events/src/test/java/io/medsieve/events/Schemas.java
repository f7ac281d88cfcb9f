package io.medsieve.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates against the published schemas the way a consumer would: loaded by {@code $id}, with the id
 * prefix mapped to the classpath so {@code $ref}s to the common schema resolve offline, and with format
 * assertions on (2020-12 treats {@code format} as an annotation only unless told otherwise, which would let
 * a non-UUID eventId or a bad timestamp through).
 */
final class Schemas {

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers ->
                    mappers.mapPrefix(EventSchemas.ID_BASE, "classpath:" + EventSchemas.RESOURCE_DIR)));

    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    static JsonSchema forType(String eventType, int version) {
        return CACHE.computeIfAbsent(eventType + "/" + version, key -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(EventSchemas.schemaId(eventType, version)),
                    CONFIG);
            // Resolve every $ref now, so a broken reference fails here rather than only on the path that uses it.
            schema.initializeValidators();
            return schema;
        });
    }

    /** Validates the exact bytes EventJson puts on the wire, not an in-memory tree that could differ from them. */
    static Set<ValidationMessage> validate(PipelineEvent event) {
        return validate(event.header().eventType(), tree(EventJson.write(event)));
    }

    static JsonNode tree(byte[] json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(String eventType, JsonNode json) {
        return forType(eventType, 1).validate(json);
    }

    /** The raw schema document, for tests that inspect the contract itself. */
    static JsonNode document(String resourcePath) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resourcePath)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resourcePath);
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode common() {
        return document(EventSchemas.RESOURCE_DIR + "common.v1.schema.json");
    }
}
