package io.medsieve.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server started from the binaries bundled in zonky's Maven artifacts.
 *
 * <p>The audit trail and review queue rely on PostgreSQL semantics (JSONB, transactions), and
 * CI has neither Docker nor an installed database, so the server is unpacked and run as a
 * child process. Running as root is handled by zonky itself: when the JVM's uid is 0 it starts
 * {@code initdb}, {@code pg_ctl} and {@code postgres} through {@code unshare -U}, i.e. in a new
 * user namespace where the process is not uid 0, which is what initdb insists on. If user
 * namespaces are unavailable as root, {@link #start()} fails fast with an explanation rather
 * than with initdb's "cannot be run as root".
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    /** initdb runs with {@code -A trust}: any password is accepted, but clients insist on one. */
    private static final String PASSWORD = "postgres";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final ScratchDirectory directory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, ScratchDirectory directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Tunables for the server; the defaults suit tests, the demo may pin a port.
     *
     * @param port           TCP port, {@code 0} for a free one
     * @param quietLogs      hide zonky's INFO lines and the forwarded server output
     * @param startupTimeout how long to wait for the postmaster to accept connections
     */
    public record Options(int port, boolean quietLogs, Duration startupTimeout) {

        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            Objects.requireNonNull(startupTimeout, "startupTimeout");
        }

        /** Generous startup timeout: a cold first run also unpacks ~30 MB of binaries. */
        public static Options defaults() {
            return new Options(0, true, Duration.ofSeconds(60));
        }

        /** A fixed port lets the demo print a stable address for psql; tests keep 0. */
        public Options withPort(int fixedPort) {
            return new Options(fixedPort, quietLogs, startupTimeout);
        }

        /** Turn off to see initdb and server output when startup fails mysteriously. */
        public Options withQuietLogs(boolean quiet) {
            return new Options(port, quiet, startupTimeout);
        }

        /** Slow or heavily shared CI machines may need longer than the default. */
        public Options withStartupTimeout(Duration timeout) {
            return new Options(port, quietLogs, timeout);
        }
    }

    /** Starts a server with {@link Options#defaults()}. */
    public static EmbeddedPostgresServer start() {
        return start(Options.defaults());
    }

    /** Runs initdb in a fresh temporary directory and starts the server; returns once it accepts SQL. */
    public static EmbeddedPostgresServer start(Options options) {
        if (options.quietLogs()) {
            NoisyLoggers.silence("io.zonky.test.db.postgres");
        }
        RootPrivileges.requireWayToDropRoot();
        ScratchDirectory directory = ScratchDirectory.create("medsieve-postgres-");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.path().resolve("data"))
                    .setCleanDataDirectory(true)
                    .setPort(FreePort.orPick(options.port()))
                    .setPGStartupWait(options.startupTimeout())
                    // Tests throw the data away: durability settings only cost time.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            return new EmbeddedPostgresServer(postgres, directory);
        } catch (IOException e) {
            closeQuietly(directory, e);
            throw new UncheckedIOException("Embedded PostgreSQL failed to start", e);
        } catch (RuntimeException e) {
            closeQuietly(directory, e);
            throw e;
        }
    }

    /** The TCP port on 127.0.0.1; picked at start unless {@link Options#withPort} fixed it. */
    public int port() {
        return postgres.getPort();
    }

    /** A JDBC URL for Flyway, plain JDBC checks or {@code quarkus.datasource.jdbc.url}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    /** The URI form the Vert.x reactive PostgreSQL client expects in {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + port() + "/" + database;
    }

    /** The initdb superuser: owning everything keeps migrations free of grant statements. */
    public String username() {
        return SUPERUSER;
    }

    /** Ignored by the server (trust authentication) but required by Quarkus' datasource config. */
    public String password() {
        return PASSWORD;
    }

    /** Where the cluster's files live; exposed so tests can prove {@link #close()} removed it. */
    public Path dataDirectory() {
        return directory.path();
    }

    /**
     * Creates a database unless it exists, so each service (or test class) gets its own schema
     * namespace on one shared server without caring who created it first.
     */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain PostgreSQL identifier: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            if (databaseExists(connection, name)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                // Lost a race with another creator: the database is there, which is all we want.
                if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    /** Stops the server (fast shutdown) and deletes its data directory; safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL failed to stop", e);
        } finally {
            directory.close();
        }
    }

    private static boolean databaseExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void closeQuietly(ScratchDirectory directory, Exception failure) {
        try {
            directory.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
