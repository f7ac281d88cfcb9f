package io.medsieve.ocr.domain;

/**
 * A document failed for a reason the stage understands (corrupt page, timeout, oversized page...). It turns into a
 * {@code StageFailed} event and the input is acknowledged, instead of going to the dead-letter topic. The message
 * is the failure's reason code only; the library exception that caused it, if any, is deliberately not chained.
 */
public class ExtractionFailedException extends RuntimeException {

    private final PageFailure failure;

    public ExtractionFailedException(PageFailure failure) {
        super(failure.reasonCode(), null, false, false);
        this.failure = failure;
    }

    public ExtractionFailedException(String reasonCode, String reason, boolean retryable) {
        this(new PageFailure(reasonCode, reason, retryable));
    }

    public PageFailure failure() {
        return failure;
    }

    /** The same failure with the page number in front of the reason, once the caller knows which page failed. */
    public ExtractionFailedException onPage(int page, int pageCount) {
        return new ExtractionFailedException(failure.reasonCode(),
                "Page " + page + " of " + pageCount + ": " + failure.reason(), failure.retryable());
    }
}
