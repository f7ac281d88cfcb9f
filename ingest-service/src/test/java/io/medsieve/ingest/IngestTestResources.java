package io.medsieve.ingest;

import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real broker and database every {@code @QuarkusTest} of this module runs against. Declared once so that all
 * test classes share one application start.
 */
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "ingest"),
        @ResourceArg(name = "jdbc", value = "true")})
@QuarkusTestResource(TestTokens.class)
public final class IngestTestResources {

    private IngestTestResources() {
    }
}
