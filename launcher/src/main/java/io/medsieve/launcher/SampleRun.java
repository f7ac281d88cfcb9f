package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pushes every file in {@code samples/} through the running pipeline as a client would, and reports what happened
 * to each: refused (with the problem code), or accepted and how far it got in each stage.
 */
final class SampleRun {

    /** Tenant the demo uploads as: the tenant claim of {@link #USER}'s tokens. */
    static final String TENANT = "demo-clinic";
    /** The realm's demo user the samples are uploaded as. */
    static final String USER = TENANT + "-uploader";
    /** The stages implemented so far: the demo waits for each accepted document to settle in all of them. */
    static final List<String> IMPLEMENTED_STAGES = List.of("ingest", "ocr", "redaction", "router");
    private static final Map<String, String> FIELDS = Map.of("tasks", "summary,extraction");

    private final IngestClient ingest;
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;

    SampleRun(IngestClient ingest, PrintStream out) {
        this.ingest = ingest;
        this.out = out;
    }

    /**
     * Uploads, waits for the stages that exist to finish, prints both tables.
     *
     * @return true when every accepted document completed every implemented stage
     */
    boolean run(Path samples, Duration settle) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(samples)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        }
        Map<String, String> accepted = new LinkedHashMap<>();
        ConsoleTable uploads = new ConsoleTable("sample", "HTTP", "outcome");
        for (Path file : files) {
            HttpResponse<String> response = ingest.upload(file.getFileName().toString(),
                    Files.readAllBytes(file), FIELDS);
            JsonNode body = json.readTree(response.body());
            String name = file.getFileName().toString();
            if (response.statusCode() == 202 || response.statusCode() == 200) {
                String id = body.path("documentId").asText();
                accepted.put(name, id);
                uploads.row(name, String.valueOf(response.statusCode()),
                        (body.path("duplicate").asBoolean() ? "duplicate of " : "accepted as ") + id);
            } else {
                uploads.row(name, String.valueOf(response.statusCode()),
                        "refused: " + body.path("code").asText() + " (" + body.path("detail").asText() + ")");
            }
        }
        out.println();
        out.println("Uploads (tenant " + TENANT + "):");
        uploads.print(out);

        Map<String, JsonNode> statuses = awaitSettled(accepted, settle);
        out.println();
        out.println("Pipeline status per document:");
        ConsoleTable stages = statusTable(statuses);
        stages.print(out);
        return statuses.values().stream().allMatch(status -> implementedStagesAre(status, "COMPLETED"));
    }

    private Map<String, JsonNode> awaitSettled(Map<String, String> accepted, Duration settle)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(settle);
        Map<String, JsonNode> statuses = new LinkedHashMap<>();
        while (true) {
            for (Map.Entry<String, String> document : accepted.entrySet()) {
                statuses.put(document.getKey(), ingest.status(document.getValue()));
            }
            boolean settled = statuses.values().stream().noneMatch(status -> anyImplementedStageIs(status, "PENDING"));
            if (settled || Instant.now().isAfter(deadline)) {
                return statuses;
            }
            Thread.sleep(300);
        }
    }

    private static boolean implementedStagesAre(JsonNode status, String state) {
        return stateStream(status).allMatch(state::equals);
    }

    private static boolean anyImplementedStageIs(JsonNode status, String state) {
        return stateStream(status).anyMatch(state::equals);
    }

    private static Stream<String> stateStream(JsonNode status) {
        List<String> states = new ArrayList<>();
        status.path("stages").forEach(stage -> {
            if (IMPLEMENTED_STAGES.contains(stage.path("stage").asText())) {
                states.add(stage.path("state").asText());
            }
        });
        return states.size() == IMPLEMENTED_STAGES.size() ? states.stream() : Stream.of("PENDING");
    }

    private static ConsoleTable statusTable(Map<String, JsonNode> statuses) {
        List<String> header = new ArrayList<>(List.of("sample", "type", "pages"));
        JsonNode first = statuses.values().stream().findFirst().orElse(null);
        if (first != null) {
            first.path("stages").forEach(stage -> header.add(stage.path("stage").asText()));
        }
        ConsoleTable table = new ConsoleTable(header.toArray(String[]::new));
        statuses.forEach((name, status) -> {
            List<String> row = new ArrayList<>(List.of(name, status.path("mediaType").asText(),
                    status.path("pageCount").asText()));
            status.path("stages").forEach(stage -> row.add(stage.path("state").asText()
                    + (stage.hasNonNull("detail") ? " " + stage.path("detail").asText() : "")));
            table.row(row.toArray(String[]::new));
        });
        return table;
    }
}
