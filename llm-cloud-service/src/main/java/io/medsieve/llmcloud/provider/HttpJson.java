package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON for the parts of a provider's wire format the official SDKs leave untyped (the OpenAI batch JSONL lines):
 * parse failures become {@link ProviderException}s that never quote the body. The HTTP itself is the SDKs'.
 */
final class HttpJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private HttpJson() {
    }

    /** One line of a JSONL body the SDK downloaded. */
    static JsonNode parseLine(String operation, String line) {
        try {
            return JSON.readTree(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderException(operation + " returned a body that is not JSON", 200, true);
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request body");
        }
    }

    /** Text of a field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
