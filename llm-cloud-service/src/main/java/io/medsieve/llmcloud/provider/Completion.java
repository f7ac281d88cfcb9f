package io.medsieve.llmcloud.provider;

/**
 * A model's answer as the provider reported it.
 *
 * @param requestId    the provider's id of the response ({@code chatcmpl-...}, {@code msg_...})
 * @param modelVersion the exact model that answered, as the provider names it
 * @param text         the answer; placeholders such as {@code [PERSON_3f9a]} are left exactly as the model wrote them
 * @param inputTokens  tokens billed for input
 * @param outputTokens tokens billed for output
 */
public record Completion(String requestId, String modelVersion, String text, long inputTokens, long outputTokens) {
}
