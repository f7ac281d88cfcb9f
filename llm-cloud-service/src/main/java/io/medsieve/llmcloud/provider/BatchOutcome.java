package io.medsieve.llmcloud.provider;

/**
 * The result of one request inside an ended batch.
 *
 * @param customId   the id we gave the request
 * @param completion the answer, or null when the request failed or expired
 * @param errorCode  a provider error code for a failed request (never its message, which can quote input), or null
 * @param expired    whether the batch expired before this request ran
 */
public record BatchOutcome(String customId, Completion completion, String errorCode, boolean expired) {

    public static BatchOutcome succeeded(String customId, Completion completion) {
        return new BatchOutcome(customId, completion, null, false);
    }

    public static BatchOutcome failed(String customId, String errorCode) {
        return new BatchOutcome(customId, null, errorCode, false);
    }

    public static BatchOutcome expiredBeforeRunning(String customId) {
        return new BatchOutcome(customId, null, "expired", true);
    }
}
