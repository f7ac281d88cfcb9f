package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The ingest API as a client uses it: a multipart upload and the status of one document, as one user of the
 * medsieve realm (bearer token; the tenant is the token's). Shared by the demo's sample run and the end-to-end
 * tests, so both talk to the pipeline exactly as a user would.
 */
public final class IngestClient {

    private final HttpClient http;
    private final String ingestUrl;
    private final AccessTokens tokens;
    private final String user;
    private final ObjectMapper json = new ObjectMapper();

    /** @param user the demo user to act as, e.g. {@code demo-clinic-uploader} */
    IngestClient(HttpClient http, String ingestUrl, AccessTokens tokens, String user) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.tokens = tokens;
        this.user = user;
    }

    /**
     * Uploads one file with the given form fields (priority, tasks, cloudConsent).
     *
     * @return the HTTP response; its body is the JSON acknowledgement or a problem+json document
     */
    public HttpResponse<String> upload(String fileName, byte[] content, Map<String, String> fields)
            throws IOException, InterruptedException {
        String boundary = "medsieve-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writePart(body, boundary, "file", fileName, content);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            writePart(body, boundary, field.getKey(), null, field.getValue().getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/documents"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + tokens.forUser(user))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The status API's view of one document: every stage with its state and detail. */
    public JsonNode status(String documentId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/documents/" + documentId))
                .header("Authorization", "Bearer " + tokens.forUser(user)).timeout(Duration.ofSeconds(10)).build();
        return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void writePart(ByteArrayOutputStream body, String boundary, String name, String fileName,
                                  byte[] content) throws IOException {
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append('"');
        if (fileName != null) {
            head.append("; filename=\"").append(fileName).append("\"\r\nContent-Type: application/octet-stream");
        }
        head.append("\r\n\r\n");
        body.write(head.toString().getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
