package io.medsieve.llmlocal.service;

import io.medsieve.events.AnalysisTask;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.prompts.PromptTemplate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Long documents are cut so every prompt fits, no text is lost or repeated, and page numbers stay the document's. */
class ChunkerTest {

    private static final ToIntFunction<String> FOUR_CHARS_PER_TOKEN = text -> (text.length() + 3) / 4;

    private final PromptTemplate template = PromptCatalog.standard().template(AnalysisTask.SUMMARY);
    private final Chunker chunker = new Chunker(FOUR_CHARS_PER_TOKEN);

    static List<String> sixtyPages() {
        List<String> pages = new ArrayList<>();
        for (int page = 1; page <= 60; page++) {
            StringBuilder text = new StringBuilder();
            for (int line = 0; line < 12; line++) {
                text.append("Page ").append(page).append(" line ").append(line)
                        .append(": [PERSON_3f9a] continues metformin 500 mg twice daily; HbA1c 7.2 %.\n");
            }
            pages.add(text.toString());
        }
        return pages;
    }

    @Test
    void aSixtyPageDocumentBecomesChunksThatEachFitAndTogetherHoldEveryPageOnceInOrder() {
        List<String> pages = sixtyPages();
        int budget = chunker.documentBudget(template, 4096, 512);

        List<Chunk> chunks = chunker.chunk(template, pages, budget);

        assertThat(chunks.size()).isGreaterThan(2).isLessThan(60);
        int expectedFirst = 1;
        List<String> seen = new ArrayList<>();
        for (Chunk chunk : chunks) {
            assertThat(chunk.firstPage()).isEqualTo(expectedFirst);
            assertThat(chunk.pageOffset()).isZero();
            String user = PromptBuilder.build(template, chunk.text(), chunk.firstPage()).user();
            assertThat(FOUR_CHARS_PER_TOKEN.applyAsInt(user)).isLessThanOrEqualTo(budget);
            assertThat(user).contains("<page number=\"" + chunk.firstPage() + "\">")
                    .contains("<page number=\"" + chunk.lastPage() + "\">");
            seen.addAll(chunk.pages());
            expectedFirst = chunk.lastPage() + 1;
        }
        assertThat(seen).isEqualTo(pages);
        // Greedy: no two neighbouring chunks would have fitted together.
        for (int i = 1; i < chunks.size(); i++) {
            List<String> joined = new ArrayList<>(chunks.get(i - 1).pages());
            joined.addAll(chunks.get(i).pages());
            assertThat(FOUR_CHARS_PER_TOKEN.applyAsInt(PromptBuilder.build(template, String.join("\f", joined),
                    chunks.get(i - 1).firstPage()).user())).isGreaterThan(budget);
        }
    }

    @Test
    void aPageLongerThanTheBudgetIsSplitAtWhitespaceWithItsOffsetsKept() {
        String longPage = "word ".repeat(3000);
        List<String> pages = List.of("short first page", longPage, "short last page");
        int budget = chunker.documentBudget(template, 2048, 256);

        List<Chunk> chunks = chunker.chunk(template, pages, budget);

        assertThat(chunks.getFirst()).isEqualTo(new Chunk(1, 0, List.of("short first page")));
        assertThat(chunks.getLast()).isEqualTo(new Chunk(3, 0, List.of("short last page")));
        List<Chunk> parts = chunks.subList(1, chunks.size() - 1);
        assertThat(parts).hasSizeGreaterThan(1).allSatisfy(part -> {
            assertThat(part.firstPage()).isEqualTo(2);
            assertThat(part.pages()).hasSize(1);
            assertThat(longPage.substring(part.pageOffset(), part.pageOffset() + part.text().length()))
                    .isEqualTo(part.text());
            assertThat(FOUR_CHARS_PER_TOKEN.applyAsInt(PromptBuilder.build(template, part.text(), 2).user()))
                    .isLessThanOrEqualTo(budget);
        });
        StringBuilder rebuilt = new StringBuilder();
        parts.forEach(part -> rebuilt.append(part.text()));
        assertThat(rebuilt.toString()).isEqualTo(longPage);
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(part -> assertThat(part.text()).endsWith(" "));
    }

    @Test
    void aContextTooSmallForTheInstructionsIsRefused() {
        assertThatThrownBy(() -> chunker.documentBudget(template, 300, 256))
                .isInstanceOf(AnalysisFailure.class)
                .extracting(e -> ((AnalysisFailure) e).code()).isEqualTo("llm-local.context-too-small");
    }
}
