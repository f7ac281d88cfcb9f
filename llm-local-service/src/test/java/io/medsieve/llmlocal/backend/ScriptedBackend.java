package io.medsieve.llmlocal.backend;

import io.medsieve.prompts.Prompt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A backend whose answers a test scripts, counting one token per four characters, for the logic above the model
 * (chunking, merging, the guard). It records every prompt so tests can check what a model would have seen.
 */
public final class ScriptedBackend implements ModelBackend {

    private final int contextTokens;
    private final Function<Prompt, String> answers;
    private final List<Prompt> prompts = new CopyOnWriteArrayList<>();

    public ScriptedBackend(int contextTokens, Function<Prompt, String> answers) {
        this.contextTokens = contextTokens;
        this.answers = answers;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("scripted", "scripted-model", "v1", contextTokens);
    }

    @Override
    public int countTokens(String text) {
        return (text.length() + 3) / 4;
    }

    @Override
    public Generation generate(Prompt prompt, int maxOutputTokens, boolean jsonOutput) {
        int promptTokens = countTokens(prompt.system()) + countTokens(prompt.user());
        if (promptTokens + maxOutputTokens > contextTokens) {
            throw new AssertionError("prompt of " + promptTokens + " tokens overflows the context");
        }
        prompts.add(prompt);
        String answer = answers.apply(prompt);
        return new Generation(answer, promptTokens, countTokens(answer), 1, null);
    }

    /** Every prompt received, in order. */
    public List<Prompt> prompts() {
        return prompts;
    }
}
