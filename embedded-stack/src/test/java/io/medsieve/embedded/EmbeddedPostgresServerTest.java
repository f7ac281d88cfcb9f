package io.medsieve.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** Proves the server accepts SQL on the advertised URLs, also when the build runs as root. */
class EmbeddedPostgresServerTest {

    @Test
    void createdDatabaseAnswersQueriesAndCloseDeletesFiles() throws Exception {
        Path dataDirectory;
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            dataDirectory = postgres.dataDirectory();
            assertThat(dataDirectory).isDirectory();

            postgres.createDatabase("medsieve");
            postgres.createDatabase("medsieve"); // idempotent

            assertThat(postgres.reactiveUrl("medsieve")).isEqualTo("postgresql://127.0.0.1:" + postgres.port() + "/medsieve");
            try (Connection connection = DriverManager.getConnection(
                    postgres.jdbcUrl("medsieve"), postgres.username(), postgres.password());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1, current_database()")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("medsieve");
            }
        }
        assertThat(Files.exists(dataDirectory)).isFalse();
    }

    @Test
    void rejectsDatabaseNamesThatWouldNeedQuoting() {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            assertThatThrownBy(() -> postgres.createDatabase("x\"; DROP DATABASE postgres; --"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
