package io.medsieve.router;

import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real broker and database every {@code @QuarkusTest} of this module runs against, declared once so all test
 * classes share one application start. Topics are created up front so the consumer never races their creation.
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS_ARG,
        value = "document-redacted,document-routed,dlq-router"))
@QuarkusTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "router"),
        @ResourceArg(name = PostgresResource.JDBC_ARG, value = "true")})
@QuarkusTestResource(TestTokens.class)
public final class RouterTestResources {

    private RouterTestResources() {
    }
}
