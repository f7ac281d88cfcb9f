package io.medsieve.ocr.messaging;

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
import java.util.Set;

/**
 * Validates emitted records against the published schemas the way a consumer would (the minimal loader of
 * pipeline-events' tests): by {@code $id}, with the id prefix mapped to the classpath and format assertions on.
 */
final class EventSchemaValidator {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers ->
                    mappers.mapPrefix(EventSchemas.ID_BASE, "classpath:" + EventSchemas.RESOURCE_DIR)));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private EventSchemaValidator() {
    }

    /** Schema violations of the exact bytes on the wire; empty when valid. */
    static Set<ValidationMessage> violations(String eventType, byte[] record) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(EventSchemas.schemaId(eventType, 1)), CONFIG);
        try {
            JsonNode tree = EventJson.mapper().readTree(record);
            return schema.validate(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
