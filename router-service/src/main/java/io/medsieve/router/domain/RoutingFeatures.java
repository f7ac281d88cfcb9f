package io.medsieve.router.domain;

import io.medsieve.events.Priority;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a routing policy decides on, and nothing else: no text, no identifiers, no placeholders. These are the
 * features stored for every routed document, so a proposed policy can be simulated against past traffic without
 * reading any PHI again.
 *
 * @param documentClass      classifier label
 * @param classConfidence    classifier confidence, 0..1
 * @param priority           submitter's priority
 * @param cloudConsent       whether the patient consented to cloud processing
 * @param ocrMeanConfidence  mean OCR word confidence, 0..100
 * @param lowConfidencePages how many pages OCR flagged as low confidence
 * @param residualPhi        whether redaction's post-check still found PHI
 * @param redactedBytes      size of the redacted text in UTF-8 bytes (what a cloud call would cost)
 * @param entityCounts       redacted entities per Safe Harbor type, e.g. {@code PERSON -> 3}
 */
public record RoutingFeatures(
        DocumentClass documentClass,
        double classConfidence,
        Priority priority,
        boolean cloudConsent,
        double ocrMeanConfidence,
        int lowConfidencePages,
        boolean residualPhi,
        long redactedBytes,
        Map<String, Integer> entityCounts) {

    public RoutingFeatures {
        Objects.requireNonNull(documentClass, "documentClass");
        Objects.requireNonNull(priority, "priority");
        entityCounts = entityCounts == null ? Map.of() : Map.copyOf(new TreeMap<>(entityCounts));
    }
}
