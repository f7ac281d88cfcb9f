package io.medsieve.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import io.medsieve.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL server with an empty database and points the
 * application's datasource at it.
 *
 * <p>Usage: {@code @QuarkusTestResource(PostgresResource.class)}, optionally with init args
 * {@code database} (default {@value #DEFAULT_DATABASE}) and {@code jdbc=true} for services that
 * also need a JDBC URL (Flyway, for instance); reactive-only services must not get one, since
 * Quarkus would then expect a JDBC driver extension.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: name of the database to create. */
    public static final String DATABASE_ARG = "database";
    /** Init arg: {@code true} to also return {@code quarkus.datasource.jdbc.url}. */
    public static final String JDBC_ARG = "jdbc";
    public static final String DEFAULT_DATABASE = "medsieve";

    /** JVM-wide, for the same class-loader reason as in {@link KafkaBrokerResource}. */
    private static final String JDBC_URL_PROPERTY = "medsieve.test.postgres.jdbc-url";

    private String database = DEFAULT_DATABASE;
    private boolean jdbc;
    private EmbeddedPostgresServer postgres;

    /** Reads {@value #DATABASE_ARG} and {@value #JDBC_ARG}; both are optional. */
    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, DEFAULT_DATABASE).strip();
        jdbc = Boolean.parseBoolean(initArgs.getOrDefault(JDBC_ARG, "false").strip());
    }

    /** Starts the server, creates the database and returns the datasource configuration. */
    @Override
    public synchronized Map<String, String> start() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start();
            postgres.createDatabase(database);
            System.setProperty(JDBC_URL_PROPERTY, postgres.jdbcUrl(database));
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.db-kind", "postgresql");
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        if (jdbc) {
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        }
        return config;
    }

    /** Stops the server and deletes its data directory, so a long test run does not fill /tmp. */
    @Override
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            if (postgres.jdbcUrl(database).equals(System.getProperty(JDBC_URL_PROPERTY))) {
                System.clearProperty(JDBC_URL_PROPERTY);
            }
            postgres.close();
        } finally {
            postgres = null;
        }
    }

    /**
     * JDBC URL of the running test database (user {@code postgres}, any password), so a test can
     * check rows directly instead of trusting the service's own read path.
     */
    public static String jdbcUrl() {
        String url = System.getProperty(JDBC_URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException("No embedded PostgreSQL is running: annotate a test class with"
                    + " @QuarkusTestResource(PostgresResource.class)");
        }
        return url;
    }
}
