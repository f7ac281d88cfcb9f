package io.medsieve.redaction.detect;

import java.util.List;

/**
 * One source of evidence for PHI. Detectors are stateless after construction and safe to share between threads,
 * so one engine serves every document.
 */
public interface Detector {

    /** Stable name recorded on every span this detector emits (explainability). */
    String name();

    /** Appends the spans found in {@code text} to {@code out}; never throws on any input text. */
    void detect(String text, List<PhiSpan> out);
}
