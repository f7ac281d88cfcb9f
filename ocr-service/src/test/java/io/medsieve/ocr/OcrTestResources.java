package io.medsieve.ocr;

import io.medsieve.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real broker every {@code @QuarkusTest} of this module runs against, declared once so all test classes share
 * one application start. Topics are created up front so the stage's consumer never races their auto-creation.
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS_ARG,
        value = "document-ingested,document-extracted,stage-failures,dlq-ocr"))
public final class OcrTestResources {

    private OcrTestResources() {
    }
}
