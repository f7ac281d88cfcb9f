package io.medsieve.prompts;

import io.medsieve.events.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A ready-to-send request: the messages plus the template they came from.
 *
 * @param template the template used
 * @param messages system instructions first, then the delimited document
 */
public record Prompt(PromptTemplate template, List<ChatMessage> messages) {

    public Prompt {
        Objects.requireNonNull(template, "template");
        messages = List.copyOf(messages);
    }

    /** The system instructions. */
    public String system() {
        return messages.stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM).map(ChatMessage::content)
                .findFirst().orElse("");
    }

    /** The user turn: the delimited document. */
    public String user() {
        return messages.stream().filter(m -> m.role() == ChatMessage.Role.USER).map(ChatMessage::content)
                .findFirst().orElse("");
    }

    /**
     * Hex SHA-256 of exactly what the model receives (each role and content, length-prefixed so that no two
     * different prompts share a digest); recorded as {@code inputDigest} on the proposed analysis.
     */
    public String digest() {
        StringBuilder canonical = new StringBuilder();
        for (ChatMessage m : messages) {
            canonical.append(m.role().wireName()).append(':').append(m.content().length()).append(':')
                    .append(m.content()).append('\n');
        }
        return Sha256.hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }
}
