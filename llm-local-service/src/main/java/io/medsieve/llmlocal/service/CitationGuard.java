package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.events.AnalysisTask;
import io.medsieve.llmlocal.config.LocalConfig.GuardMode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hallucination guard: every structured item cites a page and a character range, and the item survives only if
 * that range exists and holds the item's value (case and runs of whitespace aside). A model that invents a medication
 * or cites the wrong place is caught before a reviewer ever sees the proposal. Coding suggestions name a code that is
 * not in the text, so for them only the range itself is checked.
 *
 * <p>In {@link GuardMode#DROP} failing items are removed; in {@link GuardMode#FLAG} they stay and are listed. Either
 * way the counts travel in the output's {@code citationCheck} and in the stage's metrics.
 */
public final class CitationGuard {

    /** The field each extraction section's citation must contain. */
    static final Map<String, String> VALUE_FIELD = Map.of(
            "medications", "name",
            "diagnoses", "description",
            "labs", "value",
            "allergies", "substance",
            "followUps", "action");

    private final ObjectMapper json;

    public CitationGuard(ObjectMapper json) {
        this.json = json;
    }

    /** Outcome of one check: the answer to propose and the report that goes with it. */
    public record Checked(ObjectNode answer, ObjectNode report, int checked, int failed) {
    }

    /**
     * Checks every item of {@code answer} against {@code pages} (page 1 is {@code pages.get(0)}).
     *
     * @return the answer (with failing items dropped or kept, per {@code mode}) and a report of what failed
     */
    public Checked check(AnalysisTask task, ObjectNode answer, List<String> pages, GuardMode mode) {
        ObjectNode kept = answer.deepCopy();
        ArrayNode failures = json.createArrayNode();
        int checked = 0;
        for (String section : StructuredAnswers.SECTIONS.get(task)) {
            ArrayNode items = kept.withArray(section);
            ArrayNode survivors = json.createArrayNode();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                checked++;
                String reason = reasonToReject(section, item, pages);
                if (reason != null) {
                    failures.addObject().put("section", section).put("index", i).put("reason", reason);
                }
                if (reason == null || mode == GuardMode.FLAG) {
                    survivors.add(item);
                }
            }
            kept.set(section, survivors);
        }
        ObjectNode report = json.createObjectNode();
        report.put("mode", mode.name().toLowerCase(Locale.ROOT));
        report.put("itemsChecked", checked);
        report.put("itemsFailed", failures.size());
        report.set("failures", failures);
        return new Checked(kept, report, checked, failures.size());
    }

    /** Null when the citation holds, else a fixed reason code (never the value itself). */
    private static String reasonToReject(String section, JsonNode item, List<String> pages) {
        JsonNode evidence = item.path("evidence");
        int page = evidence.path("page").asInt(0);
        int start = evidence.path("start").asInt(-1);
        int end = evidence.path("end").asInt(-1);
        if (page < 1 || page > pages.size()) {
            return "page-out-of-range";
        }
        String text = pages.get(page - 1);
        if (start < 0 || end <= start || end > text.length()) {
            return "span-out-of-range";
        }
        String field = VALUE_FIELD.get(section);
        if (field == null) {
            return null;
        }
        String value = normalise(item.path(field).asText(""));
        if (value.isEmpty() || !normalise(text.substring(start, end)).contains(value)) {
            return "value-not-in-span";
        }
        return null;
    }

    private static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
