package io.medsieve.llmcloud.guard;

/**
 * A date the redaction stage declared (in its DocumentRedacted event) as a per-patient shifted replacement: where it
 * sits in the redacted text, as the event gives it.
 *
 * @param page  1-based page; pages are separated by a form feed in the redacted text
 * @param start start offset in the page's redacted text (inclusive, UTF-16 chars)
 * @param end   end offset (exclusive)
 */
public record ShiftedDate(int page, int start, int end) {
}
