package io.medsieve.router.classify;

import io.medsieve.router.domain.DocumentClass;

import java.util.Objects;

/** A synthetic, redacted-looking document with its true class: training or evaluation material. */
public record LabelledExample(DocumentClass documentClass, String text) {

    public LabelledExample {
        Objects.requireNonNull(documentClass, "documentClass");
        Objects.requireNonNull(text, "text");
    }
}
