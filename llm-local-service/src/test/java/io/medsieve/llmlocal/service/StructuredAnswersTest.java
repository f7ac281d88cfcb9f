package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsieve.events.AnalysisTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Structured answers are accepted only as JSON that validates against the task's schema from analysis-prompts. */
class StructuredAnswersTest {

    private final StructuredAnswers answers = new StructuredAnswers(new ObjectMapper());

    private static final String VALID = """
            {"medications":[{"name":"metformin","dose":"500 mg","route":"by mouth","frequency":"twice daily",
               "evidence":{"page":2,"start":0,"end":9}}],
             "diagnoses":[{"description":"type 2 diabetes mellitus","status":"active","evidence":{"page":1,"start":3,"end":28}}],
             "labs":[{"test":"HbA1c","value":"7.2","unit":"%","date":"[DATE_91c2]","evidence":{"page":2,"start":40,"end":52}}],
             "allergies":[{"substance":"penicillin","reaction":"rash","evidence":{"page":2,"start":60,"end":70}}],
             "followUps":[{"action":"Follow up in 3 months","due":"3 months","evidence":{"page":2,"start":80,"end":101}}]}
            """;

    @Test
    void aCitedAnswerInEverySectionValidates() {
        assertThat(answers.parse(AnalysisTask.EXTRACTION, VALID).path("labs").get(0).path("unit").asText())
                .isEqualTo("%");
        assertThat(answers.parse(AnalysisTask.EXTRACTION, "```json\n" + VALID + "\n```")).isNotNull();
    }

    @Test
    void uncitedItemsExtraFieldsMissingSectionsAndProseAreRejected() {
        for (String bad : new String[] {
            VALID.replace(",\"evidence\":{\"page\":1,\"start\":3,\"end\":28}", ""),
            VALID.replace("\"dose\":\"500 mg\"", "\"dose\":\"500 mg\",\"patient\":\"Jane Roe\""),
            VALID.replace("\"followUps\"", "\"followups\""),
            VALID.replace("\"page\":1", "\"page\":0"),
            "[]",
            "The patient Jane Roe takes metformin."}) {
            assertThatThrownBy(() -> answers.parse(AnalysisTask.EXTRACTION, bad))
                    .isInstanceOf(AnalysisFailure.class)
                    .satisfies(e -> {
                        assertThat(((AnalysisFailure) e).code()).isEqualTo("llm-local.invalid-output");
                        assertThat(e.getMessage()).doesNotContain("Jane").doesNotContain("metformin");
                    });
        }
    }

    @Test
    void codingAnswersFollowTheCodingSchema() {
        assertThat(answers.parse(AnalysisTask.CODING, """
                {"codes":[{"code":"E11.9","description":"Type 2 diabetes","evidence":{"page":1,"start":3,"end":28}}]}
                """).path("codes")).hasSize(1);
        assertThatThrownBy(() -> answers.parse(AnalysisTask.CODING, "{\"codes\":[{\"code\":\"E11.9\"}]}"))
                .isInstanceOf(AnalysisFailure.class);
    }
}
