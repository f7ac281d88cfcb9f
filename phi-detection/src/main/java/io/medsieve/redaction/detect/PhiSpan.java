package io.medsieve.redaction.detect;

/**
 * One detected identifier: a half-open character range {@code [start, end)} of the input, its type, how sure the
 * detector is, and which detector said so.
 *
 * <p>Why the detector name travels with the span: every redaction must be explainable to a reviewer and an auditor
 * without keeping the text itself. The span never carries the matched text, so it can be logged safely.
 */
public record PhiSpan(int start, int end, PhiType type, double confidence, String detector) {

    public PhiSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span bounds must satisfy 0 <= start < end, got " + start + ".." + end);
        }
        if (type == null || detector == null) {
            throw new IllegalArgumentException("type and detector are required");
        }
        if (confidence < 0.0 || confidence > 1.0) {
            throw new IllegalArgumentException("confidence must be within [0, 1], got " + confidence);
        }
    }

    /** Length in characters; used when merging to prefer the wider evidence. */
    public int length() {
        return end - start;
    }

    /** True when the two ranges share at least one character. */
    public boolean overlaps(PhiSpan other) {
        return start < other.end && other.start < end;
    }
}
