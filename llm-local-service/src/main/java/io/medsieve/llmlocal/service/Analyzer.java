package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Sha256;
import io.medsieve.llmlocal.backend.Generation;
import io.medsieve.llmlocal.backend.ModelBackend;
import io.medsieve.llmlocal.config.LocalConfig.GuardMode;
import io.medsieve.prompts.Prompt;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.prompts.PromptTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one analysis task over a document's redacted pages on a backend. A document longer than the context is
 * chunked: a summary is map-reduced (each chunk summarised, then the partial summaries summarised, with the same
 * released template, until one call holds them all); structured tasks run per chunk and their items are merged with
 * citations moved back onto the whole pages, then schema-checked and passed through the citation guard.
 */
public final class Analyzer {

    private final ModelBackend backend;
    private final PromptCatalog prompts;
    private final StructuredAnswers answers;
    private final CitationGuard guard;
    private final ObjectMapper json;
    private final int maxOutputTokens;
    private final GuardMode guardMode;

    public Analyzer(ModelBackend backend, PromptCatalog prompts, ObjectMapper json, int maxOutputTokens,
                    GuardMode guardMode) {
        this.backend = backend;
        this.prompts = prompts;
        this.json = json;
        this.answers = new StructuredAnswers(json);
        this.guard = new CitationGuard(json);
        this.maxOutputTokens = maxOutputTokens;
        this.guardMode = guardMode;
    }

    /**
     * The proposal for {@code task} over {@code pages}.
     *
     * @throws AnalysisFailure                               when the answer cannot be trusted or the input does not fit
     * @throws io.medsieve.llmlocal.backend.BackendException when the model call fails
     */
    public AnalysisResult analyse(AnalysisTask task, List<String> pages) {
        PromptTemplate template = prompts.template(task);
        Chunker chunker = new Chunker(backend::countTokens);
        int budget = chunker.documentBudget(template, backend.info().contextTokens(), maxOutputTokens);
        Calls calls = new Calls();
        List<Chunk> chunks = chunker.chunk(template, pages, budget);
        if (task == AnalysisTask.SUMMARY) {
            String summary = summarise(template, chunks, chunker, budget, calls);
            return calls.result(task, template, summary.getBytes(StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8", 0, 0);
        }
        ObjectNode merged = answers.empty(task);
        for (Chunk chunk : chunks) {
            String answer = calls.run(PromptBuilder.build(template, chunk.text(), chunk.firstPage()), true);
            answers.merge(task, merged, answers.parse(task, answer), chunk);
        }
        CitationGuard.Checked checked = guard.check(task, merged, pages, guardMode);
        if (answers.validate(task, checked.answer()) > 0) {
            throw new AnalysisFailure("llm-local.invalid-output",
                    "The merged answer breaks the output schema; the document needs human review.", false);
        }
        ObjectNode envelope = json.createObjectNode();
        envelope.set("result", checked.answer());
        envelope.set("citationCheck", checked.report());
        try {
            return calls.result(task, template, json.writeValueAsBytes(envelope), "application/json",
                    checked.checked(), checked.failed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the answer", e);
        }
    }

    /** Map-reduce: summarise each chunk, then the partial summaries, until one call covers everything. */
    private String summarise(PromptTemplate template, List<Chunk> chunks, Chunker chunker, int budget, Calls calls) {
        List<String> partials = new ArrayList<>();
        for (Chunk chunk : chunks) {
            partials.add(calls.run(PromptBuilder.build(template, chunk.text(), chunk.firstPage()), false));
        }
        while (partials.size() > 1) {
            List<Chunk> groups = chunker.chunk(template, partials, budget);
            if (groups.size() >= partials.size()) {
                throw new AnalysisFailure("llm-local.summary-not-converging",
                        "The partial summaries do not fit the context together; the document needs human review.",
                        false);
            }
            List<String> next = new ArrayList<>();
            for (Chunk group : groups) {
                next.add(calls.run(PromptBuilder.build(template, group.text(), 1), false));
            }
            partials = next;
        }
        return partials.getFirst();
    }

    /** Accumulates what the model calls of one task cost and saw. */
    private final class Calls {

        private final List<String> digests = new ArrayList<>();
        private long inputTokens;
        private long outputTokens;
        private long latency;
        private String modelVersion;

        String run(Prompt prompt, boolean jsonOutput) {
            Generation generation = backend.generate(prompt, maxOutputTokens, jsonOutput);
            digests.add(prompt.digest());
            inputTokens += generation.inputTokens();
            outputTokens += generation.outputTokens();
            latency += generation.latencyMillis();
            if (generation.modelVersion() != null) {
                modelVersion = generation.modelVersion();
            }
            return generation.text();
        }

        AnalysisResult result(AnalysisTask task, PromptTemplate template, byte[] output, String mediaType,
                              int checked, int failed) {
            String digest = digests.size() == 1 ? digests.getFirst()
                    : Sha256.hex(String.join("\n", digests).getBytes(StandardCharsets.UTF_8));
            return new AnalysisResult(task, output, mediaType, template.id(), template.version(), digest,
                    digests.size(), inputTokens, outputTokens, latency,
                    modelVersion == null ? backend.info().modelVersion() : modelVersion, checked, failed);
        }
    }
}
