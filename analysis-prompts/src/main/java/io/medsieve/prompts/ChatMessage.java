package io.medsieve.prompts;

import java.util.Objects;

/**
 * One message of a chat-style model request, in the shape every provider (OpenAI, Anthropic, Azure, llama.cpp's
 * OpenAI-compatible server) understands. Provider adapters map it to their own wire format.
 *
 * @param role    who speaks
 * @param content the text
 */
public record ChatMessage(Role role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** Chat roles. Instructions only ever travel as {@link #SYSTEM}; document text only ever as {@link #USER}. */
    public enum Role {
        SYSTEM("system"),
        USER("user");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        /** The lower-case name chat APIs use. */
        public String wireName() {
            return wireName;
        }
    }
}
