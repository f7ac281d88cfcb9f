package io.medsieve.router.domain;

import java.util.Objects;

/**
 * A classifier's verdict on one document.
 *
 * @param documentClass the best class
 * @param confidence    0..1; the policy sends low-confidence verdicts to a person instead of trusting them
 * @param basis         which signals decided it, in words without document content (for the routing reasons)
 */
public record Classification(DocumentClass documentClass, double confidence, String basis) {

    public Classification {
        Objects.requireNonNull(documentClass, "documentClass");
        Objects.requireNonNull(basis, "basis");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1");
        }
    }
}
