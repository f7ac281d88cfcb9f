package io.medsieve.ocr.domain;

/**
 * Why a document could not be extracted, in words MedSieve wrote: it becomes a {@code StageFailed} event as is, so
 * it must never carry document text, file names or a library's exception message (those can quote content).
 *
 * @param reasonCode lower-case dotted code, e.g. {@code ocr.page-timeout}
 * @param reason     human-readable explanation without PHI
 * @param retryable  whether processing the same input again may succeed
 */
public record PageFailure(String reasonCode, String reason, boolean retryable) {
}
