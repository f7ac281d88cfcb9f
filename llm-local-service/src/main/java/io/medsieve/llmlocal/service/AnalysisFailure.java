package io.medsieve.llmlocal.service;

/**
 * An analysis task could not produce a trustworthy proposal; it becomes a StageFailed and the document goes to human
 * review. The message is MedSieve's own and never quotes the document or the model's answer.
 */
public class AnalysisFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public AnalysisFailure(String code, String message, boolean retryable) {
        super(message, null, false, false);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
