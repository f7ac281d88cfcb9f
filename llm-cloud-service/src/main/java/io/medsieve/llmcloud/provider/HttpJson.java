package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JDK HTTP client with the few things every provider adapter needs: JSON in and out, status mapping to
 * {@link ProviderException}, and no body ever copied into an exception or a log line.
 */
final class HttpJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;

    HttpJson(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    JsonNode postJson(String operation, URI uri, Map<String, String> headers, JsonNode body) {
        return parse(operation, send(operation, request(uri, headers)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)))));
    }

    JsonNode post(String operation, URI uri, Map<String, String> headers, String contentType, byte[] body) {
        return parse(operation, send(operation, request(uri, headers)
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    JsonNode getJson(String operation, URI uri, Map<String, String> headers) {
        return parse(operation, send(operation, request(uri, headers).GET()));
    }

    /** A JSONL body, one parsed node per non-blank line. */
    List<JsonNode> getJsonLines(String operation, URI uri, Map<String, String> headers) {
        String text = new String(send(operation, request(uri, headers).GET()), StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(parse(operation, line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.forEach(builder::header);
        return builder;
    }

    private byte[] send(String operation, HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderException(operation + " failed: " + e.getClass().getSimpleName(), 0, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(operation + " interrupted", 0, true);
        }
        if (response.statusCode() / 100 != 2) {
            throw ProviderException.forStatus(operation, response.statusCode());
        }
        return response.body();
    }


    /** One line of a JSONL body the SDK downloaded. */
    static JsonNode parseLine(String operation, String line) {
        return parse(operation, line.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String operation, byte[] body) {
        try {
            return JSON.readTree(body);
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
