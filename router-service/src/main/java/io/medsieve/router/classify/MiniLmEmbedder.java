package io.medsieve.router.classify;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2, quantized, run by ONNX Runtime inside this JVM from the model file in its jar: classification
 * needs no network and sends nothing anywhere. About 23 MB of weights, tens of milliseconds per document on a CPU.
 */
public final class MiniLmEmbedder implements TextEmbedder {

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        return Vectors.normalised(model.embed(text).content().vector());
    }
}
