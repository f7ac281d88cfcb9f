package io.medsieve.audit;

import io.medsieve.testsupport.KafkaBrokerResource;
import io.medsieve.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real broker and database (migrated by the owner, used through the runtime login) every {@code @QuarkusTest}
 * of this module runs against. Declared once so that all test classes share one application start. Topics are
 * created up front so the ledger's subscription cannot race their auto-creation.
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "topics", value = "document-ingested,document-extracted,document-redacted,"
                + "document-routed,analysis-proposed,review-decisions,stage-failures,security-events,dlq-ingest,"
                + "dlq-ocr,dlq-redaction,dlq-router,dlq-llm-local,dlq-llm-cloud,dlq-review,dlq-audit"),
        @ResourceArg(name = "partitions", value = "1")})
@QuarkusTestResource(value = AuditPostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "audit"),
        @ResourceArg(name = "jdbc", value = "true")})
@QuarkusTestResource(TestTokens.class)
public final class AuditTestResources {

    private AuditTestResources() {
    }
}
