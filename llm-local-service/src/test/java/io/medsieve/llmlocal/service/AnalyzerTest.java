package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Sha256;
import io.medsieve.llmlocal.backend.ScriptedBackend;
import io.medsieve.llmlocal.config.LocalConfig.GuardMode;
import io.medsieve.prompts.Prompt;
import io.medsieve.prompts.PromptCatalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A task over a document longer than the context: the summary is map-reduced, structured answers are merged with
 * their citations moved back onto whole pages, checked against the schema and passed through the citation guard.
 */
class AnalyzerTest {

    private static final Pattern PAGE = Pattern.compile("<page number=\"(\\d+)\">\n(.*?)\n</page>", Pattern.DOTALL);

    private final ObjectMapper json = new ObjectMapper();
    private final PromptCatalog catalog = PromptCatalog.standard();

    @Test
    void aSixtyPageSummaryIsMapReducedWithEveryPageSeenOnceAndOneFinalAnswer() {
        List<String> pages = ChunkerTest.sixtyPages();
        ScriptedBackend backend = new ScriptedBackend(4096, prompt -> {
            List<Integer> numbers = pageNumbers(prompt);
            return prompt.user().contains("Partial summary") ? "Final summary of " + numbers.size() + " parts."
                    : "Partial summary of pages " + numbers.getFirst() + "-" + numbers.getLast() + ".";
        });
        Analyzer analyzer = new Analyzer(backend, catalog, json, 512, GuardMode.DROP);

        AnalysisResult result = analyzer.analyse(AnalysisTask.SUMMARY, pages);

        List<Prompt> prompts = backend.prompts();
        List<Prompt> maps = prompts.stream().filter(p -> !p.user().contains("Partial summary")).toList();
        List<Integer> mapped = new ArrayList<>();
        maps.forEach(p -> mapped.addAll(pageNumbers(p)));
        assertThat(mapped).isEqualTo(IntStream.rangeClosed(1, 60).boxed().toList());
        assertThat(maps.size()).isGreaterThan(2);
        Prompt reduce = prompts.getLast();
        assertThat(reduce.user()).contains("Partial summary of pages 1-").contains("-60.");
        assertThat(new String(result.output(), StandardCharsets.UTF_8)).isEqualTo("Final summary of " + maps.size()
                + " parts.");
        assertThat(result.mediaType()).startsWith("text/plain");
        assertThat(result.modelCalls()).isEqualTo(prompts.size()).isEqualTo(maps.size() + 1);
        assertThat(result.promptTemplateId()).isEqualTo("medsieve.summary");
        assertThat(result.promptTemplateVersion()).isEqualTo("1");
        String digests = String.join("\n", prompts.stream().map(Prompt::digest).toList());
        assertThat(result.inputDigest()).isEqualTo(Sha256.hex(digests.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.inputTokens()).isPositive();
        assertThat(result.modelVersion()).isEqualTo("v1");
    }

    @Test
    void extractionOverASplitPageCitesTheWholePageAndTheGuardDropsWhatTheTextDoesNotSay() throws Exception {
        String filler = "Vital signs stable. ".repeat(400);
        String page2 = filler + "Metformin 500 mg by mouth twice daily." + filler;
        List<String> pages = List.of("Referral for [PERSON_3f9a].", page2);
        ScriptedBackend backend = new ScriptedBackend(2048, AnalyzerTest::extractWhatThePromptSays);
        Analyzer analyzer = new Analyzer(backend, catalog, json, 256, GuardMode.DROP);

        AnalysisResult result = analyzer.analyse(AnalysisTask.EXTRACTION, pages);

        assertThat(backend.prompts().size()).isGreaterThan(2);
        JsonNode output = json.readTree(result.output());
        JsonNode medications = output.path("result").path("medications");
        assertThat(medications).hasSize(1);
        JsonNode evidence = medications.get(0).path("evidence");
        assertThat(evidence.path("page").asInt()).isEqualTo(2);
        int start = evidence.path("start").asInt();
        assertThat(page2.substring(start, evidence.path("end").asInt())).isEqualTo("Metformin");
        assertThat(start).isEqualTo(page2.indexOf("Metformin")).isGreaterThan(0);
        // The invented warfarin cited the same span and was dropped, and counted.
        JsonNode check = output.path("citationCheck");
        assertThat(check.path("mode").asText()).isEqualTo("drop");
        assertThat(check.path("itemsChecked").asInt()).isEqualTo(2);
        assertThat(check.path("itemsFailed").asInt()).isEqualTo(1);
        assertThat(check.path("failures").get(0).path("reason").asText()).isEqualTo("value-not-in-span");
        assertThat(result.citationsChecked()).isEqualTo(2);
        assertThat(result.citationsFailed()).isEqualTo(1);
        assertThat(result.mediaType()).isEqualTo("application/json");
    }

    @Test
    void anAnswerThatIsNotSchemaValidJsonFailsTheTaskWithoutQuotingIt() {
        ScriptedBackend backend = new ScriptedBackend(8192, prompt -> "Sure! Jane Roe takes metformin.");
        Analyzer analyzer = new Analyzer(backend, catalog, json, 256, GuardMode.DROP);

        assertThatThrownBy(() -> analyzer.analyse(AnalysisTask.EXTRACTION, List.of("Metformin 500 mg.")))
                .isInstanceOf(AnalysisFailure.class)
                .satisfies(e -> {
                    assertThat(((AnalysisFailure) e).code()).isEqualTo("llm-local.invalid-output");
                    assertThat(((AnalysisFailure) e).retryable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("Jane").doesNotContain("metformin")
                            .contains("human review");
                });
    }

    /** A well-behaved model: cites metformin where its chunk shows it, and invents warfarin at the same span. */
    private static String extractWhatThePromptSays(Prompt prompt) {
        Matcher page = PAGE.matcher(prompt.user());
        StringBuilder items = new StringBuilder();
        while (page.find()) {
            int at = page.group(2).indexOf("Metformin");
            if (at >= 0) {
                String evidence = "{\"page\":" + page.group(1) + ",\"start\":" + at + ",\"end\":" + (at + 9) + "}";
                items.append("{\"name\":\"metformin\",\"dose\":\"500 mg\",\"evidence\":").append(evidence).append("},")
                        .append("{\"name\":\"warfarin\",\"evidence\":").append(evidence).append("}");
            }
        }
        return "```json\n{\"medications\":[" + items + "],\"diagnoses\":[],\"labs\":[],\"allergies\":[],"
                + "\"followUps\":[]}\n```";
    }

    private static List<Integer> pageNumbers(Prompt prompt) {
        List<Integer> numbers = new ArrayList<>();
        Matcher page = PAGE.matcher(prompt.user());
        while (page.find()) {
            numbers.add(Integer.parseInt(page.group(1)));
        }
        return numbers;
    }
}
