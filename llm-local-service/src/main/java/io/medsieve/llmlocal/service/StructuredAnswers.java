package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.medsieve.events.AnalysisTask;
import io.medsieve.prompts.PromptCatalog;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's JSON answer for one chunk, checks it against the task's output schema from analysis-prompts, and
 * merges the chunks' answers into one document-level answer with every citation moved onto the whole page. A model
 * that answers anything but a schema-valid object fails the task: an unchecked answer is never proposed.
 */
public final class StructuredAnswers {

    /** The array sections of each structured task's answer. */
    static final Map<AnalysisTask, List<String>> SECTIONS = Map.of(
            AnalysisTask.EXTRACTION, List.of("medications", "diagnoses", "labs", "allergies", "followUps"),
            AnalysisTask.CODING, List.of("codes"));

    private final ObjectMapper json;
    private final Map<AnalysisTask, JsonSchema> schemas;

    public StructuredAnswers(ObjectMapper json) {
        this.json = json;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        this.schemas = Map.of(
                AnalysisTask.EXTRACTION, factory.getSchema(PromptCatalog.extractionSchema()),
                AnalysisTask.CODING, factory.getSchema(PromptCatalog.codingSchema()));
    }

    /**
     * The answer as a schema-valid object.
     *
     * @throws AnalysisFailure {@code llm-local.invalid-output} when it is not JSON or breaks the schema
     */
    public ObjectNode parse(AnalysisTask task, String answer) {
        JsonNode node;
        try {
            node = json.readTree(withoutCodeFence(answer));
        } catch (IOException e) {
            throw invalid(task, "is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid(task, "is not a JSON object");
        }
        int violations = validate(task, node);
        if (violations > 0) {
            throw invalid(task, "breaks the output schema in " + violations + " place(s)");
        }
        return (ObjectNode) node;
    }

    /** Number of schema violations; their messages are not kept, since they quote the offending values. */
    public int validate(AnalysisTask task, JsonNode node) {
        return schemas.get(task).validate(node).size();
    }

    /**
     * Appends one chunk's items to the merged answer. Citations of the chunk's first page are shifted by the chunk's
     * offset within that page, so they point into the whole page as the guard and reviewers see it.
     */
    public void merge(AnalysisTask task, ObjectNode merged, ObjectNode chunkAnswer, Chunk chunk) {
        for (String section : SECTIONS.get(task)) {
            ArrayNode target = merged.withArray(section);
            for (JsonNode item : chunkAnswer.path(section)) {
                ObjectNode copy = ((ObjectNode) item).deepCopy();
                JsonNode evidence = copy.path("evidence");
                if (evidence instanceof ObjectNode cited && chunk.pageOffset() > 0
                        && cited.path("page").asInt() == chunk.firstPage()) {
                    cited.put("start", cited.path("start").asInt() + chunk.pageOffset());
                    cited.put("end", cited.path("end").asInt() + chunk.pageOffset());
                }
                target.add(copy);
            }
        }
    }

    /** An empty answer with every section present, to merge chunk answers into. */
    public ObjectNode empty(AnalysisTask task) {
        ObjectNode node = json.createObjectNode();
        SECTIONS.get(task).forEach(node::putArray);
        return node;
    }

    /** Models often wrap JSON in a Markdown code fence despite being told not to; the fence carries no content. */
    static String withoutCodeFence(String answer) {
        String trimmed = answer.strip();
        if (trimmed.startsWith("```")) {
            int firstLine = trimmed.indexOf('\n');
            int closing = trimmed.lastIndexOf("```");
            if (firstLine > 0 && closing > firstLine) {
                return trimmed.substring(firstLine + 1, closing).strip();
            }
        }
        return trimmed;
    }

    private static AnalysisFailure invalid(AnalysisTask task, String what) {
        return new AnalysisFailure("llm-local.invalid-output",
                "The model's " + task.name().toLowerCase() + " answer " + what + "; the document needs human review.",
                false);
    }
}
