package io.medsieve.llmcloud.provider;

import io.medsieve.prompts.Prompt;

import java.util.Objects;

/**
 * One model call as the stage asks for it, before any provider's wire format.
 *
 * @param customId        our id for the request; batch APIs echo it back ({@code custom_id}), so results map to rows
 * @param model           model id (for Azure, the deployment name)
 * @param prompt          the messages; the document only inside the user message
 * @param maxOutputTokens cap on the answer
 */
public record ModelRequest(String customId, String model, Prompt prompt, int maxOutputTokens) {

    public ModelRequest {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
    }

    /** Whether the answer must be a JSON object (extraction and coding). */
    public boolean jsonOutput() {
        return prompt.template().jsonOutput();
    }
}
