package io.medsieve.prompts;

import io.medsieve.events.AnalysisTask;

import java.util.Objects;

/**
 * A released prompt: its id and version are recorded on every proposed analysis, so a reviewer or auditor can see
 * exactly which instructions a model followed.
 *
 * @param id           stable template id, e.g. {@code medsieve.extraction}
 * @param version      release of that template; a released version's text never changes
 * @param task         the analysis it asks for
 * @param instructions the system instructions (for extraction, with the output schema appended)
 * @param jsonOutput   whether the answer must be a JSON object
 */
public record PromptTemplate(String id, String version, AnalysisTask task, String instructions, boolean jsonOutput) {

    public PromptTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(instructions, "instructions");
    }
}
