package io.medsieve.router.classify;

/** Turns text into a unit-length vector, in process. An interface so tests and the benchmark can pick the model. */
public interface TextEmbedder {

    /** The embedding of {@code text}, L2-normalised. */
    float[] embed(String text);
}
