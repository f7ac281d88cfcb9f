package io.medsieve.llmcloud.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medsieve.events.AnalysisTask;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Shared inputs and parsing for the provider contract tests. */
final class ContractFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOCUMENT = "Patient [PERSON_3f9a] seen for type 2 diabetes.\fMetformin 500 mg twice daily.";
    private static final PromptCatalog CATALOG = PromptCatalog.standard();

    private ContractFixtures() {
    }

    static ModelRequest request(String customId, AnalysisTask task, String model) {
        return new ModelRequest(customId, model, PromptBuilder.build(CATALOG.template(task), DOCUMENT), 1024);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode body(LoggedRequest request) {
        return json(request.getBodyAsString());
    }

    /**
     * The value of a plain form field of a multipart upload (RFC 7578: the part's headers, a blank line, the value),
     * whatever optional part headers (a {@code Content-Type: text/plain}) the client adds.
     */
    static String formField(LoggedRequest upload, String name) {
        String body = upload.getBodyAsString();
        int header = body.indexOf("Content-Disposition: form-data; name=\"" + name + "\"\r\n");
        if (header < 0) {
            throw new AssertionError("no form field " + name);
        }
        int start = body.indexOf("\r\n\r\n", header) + 4;
        return body.substring(start, body.indexOf("\r\n--", start));
    }

    /** The JSONL file part of a multipart upload, one node per line. */
    static List<JsonNode> jsonlPart(LoggedRequest upload) {
        String body = upload.getBodyAsString();
        int start = body.indexOf("\r\n\r\n", body.indexOf("name=\"file\"")) + 4;
        int end = body.indexOf("\r\n--", start);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.substring(start, end).split("\n")) {
            if (!line.isBlank()) {
                lines.add(json(line));
            }
        }
        return lines;
    }
}
