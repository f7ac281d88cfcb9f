package io.medsieve.llmlocal.service;

import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts a document into chunks whose prompts fit the model's context window next to the instructions and the answer.
 * Page boundaries are kept where possible (a model cites page numbers); a single page longer than the budget is split
 * into parts at whitespace, each remembering where it starts so citations can be shifted back onto the whole page.
 *
 * <p>Sizes are measured with the backend's own token counter on the prompt as it is built (page tags included), so
 * the budget holds for whatever the tokenizer does.
 */
public final class Chunker {

    /** Room for the chat template's own tokens (role markers, BOS), which the counted messages do not include. */
    static final int TEMPLATE_MARGIN = 64;

    private final ToIntFunction<String> tokens;

    public Chunker(ToIntFunction<String> tokens) {
        this.tokens = tokens;
    }

    /**
     * Tokens the document part of a prompt may take: the context minus the instructions, the answer and a margin.
     *
     * @throws AnalysisFailure if the context cannot hold even the instructions and the answer
     */
    public int documentBudget(PromptTemplate template, int contextTokens, int maxOutputTokens) {
        int instructions = tokens.applyAsInt(PromptBuilder.build(template, "").system());
        int budget = contextTokens - maxOutputTokens - instructions - TEMPLATE_MARGIN;
        if (budget < 32) {
            throw new AnalysisFailure("llm-local.context-too-small",
                    "The model's context window cannot hold the instructions, a document part and the answer.", false);
        }
        return budget;
    }

    /** The chunks of {@code pages} (1-based page i is {@code pages.get(i - 1)}), in document order. */
    public List<Chunk> chunk(PromptTemplate template, List<String> pages, int budget) {
        List<Chunk> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int currentFirst = 1;
        for (int i = 0; i < pages.size(); i++) {
            int pageNumber = i + 1;
            String page = pages.get(i);
            List<String> candidate = new ArrayList<>(current);
            candidate.add(page);
            if (fits(template, candidate, current.isEmpty() ? pageNumber : currentFirst, budget)) {
                if (current.isEmpty()) {
                    currentFirst = pageNumber;
                }
                current = candidate;
                continue;
            }
            if (!current.isEmpty()) {
                chunks.add(new Chunk(currentFirst, 0, current));
                current = new ArrayList<>();
            }
            if (fits(template, List.of(page), pageNumber, budget)) {
                current.add(page);
                currentFirst = pageNumber;
            } else {
                chunks.addAll(split(template, page, pageNumber, budget));
            }
        }
        if (!current.isEmpty()) {
            chunks.add(new Chunk(currentFirst, 0, current));
        }
        return chunks;
    }

    private boolean fits(PromptTemplate template, List<String> pages, int firstPage, int budget) {
        return tokens.applyAsInt(PromptBuilder.build(template, String.join("\f", pages), firstPage).user()) <= budget;
    }

    /** Parts of one over-long page, each as long as fits, cut at the last whitespace before the limit. */
    private List<Chunk> split(PromptTemplate template, String page, int pageNumber, int budget) {
        List<Chunk> parts = new ArrayList<>();
        int start = 0;
        while (start < page.length()) {
            int remaining = page.length() - start;
            int cost = Math.max(1, tokens.applyAsInt(page.substring(start)));
            int length = Math.max(1, (int) ((long) remaining * budget / cost * 9 / 10));
            while (true) {
                int end = cutPoint(page, start, Math.min(page.length(), start + length));
                if (fits(template, List.of(page.substring(start, end)), pageNumber, budget)) {
                    parts.add(new Chunk(pageNumber, start, List.of(page.substring(start, end))));
                    start = end;
                    break;
                }
                if (length == 1) {
                    throw new AnalysisFailure("llm-local.context-too-small",
                            "The model's context window cannot hold a single character of the document.", false);
                }
                length = Math.max(1, length * 3 / 4);
            }
        }
        return parts;
    }

    /** End of a part: after the last whitespace in its second half, or the hard limit when there is none. */
    private static int cutPoint(String page, int start, int limit) {
        if (limit >= page.length()) {
            return page.length();
        }
        for (int i = limit; i > start + (limit - start) / 2; i--) {
            if (Character.isWhitespace(page.charAt(i - 1))) {
                return i;
            }
        }
        return limit;
    }
}
