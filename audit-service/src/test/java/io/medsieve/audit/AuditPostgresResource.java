package io.medsieve.audit;

import io.medsieve.testsupport.PostgresResource;

import java.util.Map;

/**
 * The shared embedded PostgreSQL, configured the way a deployment must be: Flyway migrates as the schema owner
 * (the embedded superuser) and the service connects as its own INSERT/SELECT-only login, which the migration
 * creates from these credentials.
 */
public class AuditPostgresResource extends PostgresResource {

    /** The runtime login the service uses in tests. */
    public static final String APP_USER = "audit_app";
    /** Test-only; the embedded server trusts local connections, a deployment's server checks it. */
    public static final String APP_PASSWORD = "test-only-audit-app-password";

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put("quarkus.flyway.username", config.get("quarkus.datasource.username"));
        config.put("quarkus.flyway.password", config.get("quarkus.datasource.password"));
        config.put("quarkus.datasource.username", APP_USER);
        config.put("quarkus.datasource.password", APP_PASSWORD);
        return config;
    }
}
