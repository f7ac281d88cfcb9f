package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.events.AnalysisTask;
import io.medsieve.llmlocal.config.LocalConfig.GuardMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hallucination guard: an item survives only if the span it cites exists and holds its value. */
class CitationGuardTest {

    private static final List<String> PAGES = List.of(
            "Referral for [PERSON_3f9a]. Type 2 diabetes mellitus.",
            "Metformin 500 mg by mouth twice daily.\nHbA1c  7.2 % on [DATE_91c2]. Allergy: penicillin.");

    private final ObjectMapper json = new ObjectMapper();
    private final CitationGuard guard = new CitationGuard(json);

    private ObjectNode answer() throws Exception {
        String page2 = PAGES.get(1);
        int hba1c = page2.indexOf("HbA1c");
        return (ObjectNode) json.readTree("""
                {"medications":[
                   {"name":"metformin","dose":"500 mg","evidence":{"page":2,"start":0,"end":16}},
                   {"name":"warfarin","evidence":{"page":2,"start":0,"end":16}}],
                 "diagnoses":[
                   {"description":"type 2  diabetes mellitus","evidence":{"page":1,"start":28,"end":53}},
                   {"description":"hypertension","evidence":{"page":7,"start":0,"end":5}}],
                 "labs":[{"test":"HbA1c","value":"7.2","unit":"%%","evidence":{"page":2,"start":%d,"end":%d}}],
                 "allergies":[{"substance":"penicillin","evidence":{"page":2,"start":10,"end":9999}}],
                 "followUps":[]}
                """.formatted(hba1c, hba1c + 12));
    }

    @Test
    void dropModeKeepsSupportedItemsAndDropsAndCountsTheRest() throws Exception {
        CitationGuard.Checked checked = guard.check(AnalysisTask.EXTRACTION, answer(), PAGES, GuardMode.DROP);

        JsonNode kept = checked.answer();
        assertThat(kept.path("medications")).hasSize(1);
        assertThat(kept.path("medications").get(0).path("name").asText()).isEqualTo("metformin");
        // Case and runs of whitespace do not matter; the words do.
        assertThat(kept.path("diagnoses")).hasSize(1);
        assertThat(kept.path("labs")).hasSize(1);
        assertThat(kept.path("allergies")).isEmpty();
        assertThat(checked.checked()).isEqualTo(6);
        assertThat(checked.failed()).isEqualTo(3);
        assertThat(checked.report().path("itemsFailed").asInt()).isEqualTo(3);
        assertThat(checked.report().path("failures").toString()).isEqualTo("""
                [{"section":"medications","index":1,"reason":"value-not-in-span"},\
                {"section":"diagnoses","index":1,"reason":"page-out-of-range"},\
                {"section":"allergies","index":0,"reason":"span-out-of-range"}]""");
        // The report names places and reasons only, never the values.
        assertThat(checked.report().toString()).doesNotContain("warfarin").doesNotContain("penicillin");
    }

    @Test
    void flagModeKeepsEveryItemAndListsTheFailures() throws Exception {
        CitationGuard.Checked checked = guard.check(AnalysisTask.EXTRACTION, answer(), PAGES, GuardMode.FLAG);

        assertThat(checked.answer()).isEqualTo(answer());
        assertThat(checked.failed()).isEqualTo(3);
        assertThat(checked.report().path("mode").asText()).isEqualTo("flag");
    }

    @Test
    void codingSuggestionsNeedAnExistingSpanOnly() throws Exception {
        ObjectNode coding = (ObjectNode) json.readTree("""
                {"codes":[{"code":"E11.9","description":"Type 2 diabetes","evidence":{"page":1,"start":28,"end":53}},
                          {"code":"I10","description":"Hypertension","evidence":{"page":1,"start":50,"end":40}}]}
                """);

        CitationGuard.Checked checked = guard.check(AnalysisTask.CODING, coding, PAGES, GuardMode.DROP);

        assertThat(checked.answer().path("codes")).hasSize(1);
        assertThat(checked.failed()).isEqualTo(1);
    }
}
