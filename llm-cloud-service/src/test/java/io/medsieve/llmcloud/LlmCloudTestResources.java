package io.medsieve.llmcloud;

import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real broker and database (database {@code llm_cloud}) every {@code @QuarkusTest} of this module runs against,
 * plus the stand-in for the hosted provider (the only stand-in allowed). Declared once so all test classes share one
 * application start.
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS_ARG,
        value = "document-redacted,document-routed,analysis-proposed,security-events,stage-failures,dlq-llm-cloud"))
@QuarkusTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "llm_cloud"),
        @ResourceArg(name = PostgresResource.JDBC_ARG, value = "true")})
@QuarkusTestResource(ProviderStubResource.class)
public final class LlmCloudTestResources {

    private LlmCloudTestResources() {
    }
}
