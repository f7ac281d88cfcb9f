package io.medsieve.llmlocal;

import io.medsieve.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real broker and a real (tiny, generated) llama.cpp model every {@code @QuarkusTest} of this module runs against.
 * Declared once so all test classes share one application start.
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS_ARG,
        value = "document-routed,analysis-proposed,security-events,stage-failures,dlq-llm-local"))
@QuarkusTestResource(TinyModelResource.class)
public final class LlmLocalTestResources {

    private LlmLocalTestResources() {
    }
}
