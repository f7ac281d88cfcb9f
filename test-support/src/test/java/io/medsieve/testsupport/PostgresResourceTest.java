package io.medsieve.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Drives the resource the way Quarkus does and connects with the configuration it returns. */
class PostgresResourceTest {

    @Test
    void returnsReactiveConfigAndOnlyOnRequestJdbc() throws Exception {
        PostgresResource resource = new PostgresResource();
        resource.init(Map.of("database", "audit", "jdbc", "true"));
        try {
            Map<String, String> config = resource.start();
            assertThat(config)
                    .containsEntry("quarkus.datasource.db-kind", "postgresql")
                    .containsEntry("quarkus.datasource.username", "postgres")
                    .containsKeys("quarkus.datasource.password", "quarkus.datasource.jdbc.url");
            assertThat(config.get("quarkus.datasource.reactive.url")).matches("postgresql://127\\.0\\.0\\.1:\\d+/audit");
            assertThat(config.get("quarkus.datasource.jdbc.url")).isEqualTo(PostgresResource.jdbcUrl());

            try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                    config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                    ResultSet rows = connection.createStatement().executeQuery("SELECT current_database()")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("audit");
            }
        } finally {
            resource.stop();
        }
    }

    @Test
    void reactiveOnlyByDefault() {
        PostgresResource resource = new PostgresResource();
        resource.init(Map.of());
        try {
            Map<String, String> config = resource.start();
            assertThat(config).doesNotContainKey("quarkus.datasource.jdbc.url");
            assertThat(config.get("quarkus.datasource.reactive.url")).endsWith("/medsieve");
        } finally {
            resource.stop();
        }
    }
}
