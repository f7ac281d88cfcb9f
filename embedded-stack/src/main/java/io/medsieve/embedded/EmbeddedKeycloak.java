package io.medsieve.embedded;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak, run from the {@code keycloak-quarkus-dist} that this module's build unpacks into
 * {@code embedded-stack/target/keycloak}, with the medsieve realm imported. The embedded stack and the security
 * tests need the identity provider the services trust in production, not a stand-in.
 *
 * <p>Keycloak takes tens of seconds to start, so there is one per JVM ({@link #shared}), stopped by a shutdown
 * hook. It runs {@code start-dev} on an in-memory H2 database: nothing survives a stop, and the realm is imported
 * afresh each time. It needs a JDK 21 or newer, which is the JDK this JVM runs on.
 */
public final class EmbeddedKeycloak implements AutoCloseable {

    /** The realm the services trust. */
    public static final String REALM = "medsieve";

    private static final Logger LOG = Logger.getLogger(EmbeddedKeycloak.class);
    private static EmbeddedKeycloak shared;

    private final Path distribution;
    private final int port;
    private final Process process;
    private final ScratchDirectory logDirectory;
    private final Path log;
    private volatile boolean ready;

    private EmbeddedKeycloak(Path distribution, int port, Process process, ScratchDirectory logDirectory, Path log) {
        this.distribution = distribution;
        this.port = port;
        this.process = process;
        this.logDirectory = logDirectory;
        this.log = log;
    }

    /**
     * This JVM's Keycloak, started on first use from the repository's unpacked distribution with the repository's
     * realm ({@code deploy/keycloak/medsieve-realm.json}). Returns at once: call {@link #awaitReady} before asking
     * it for tokens (services need not wait: they fetch its keys on their first authenticated request).
     */
    public static synchronized EmbeddedKeycloak shared(Path repository) {
        if (shared == null || !shared.process.isAlive()) {
            shared = start(distributionIn(repository), repository.resolve("deploy/keycloak/medsieve-realm.json"));
            EmbeddedKeycloak started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-keycloak-stop"));
        }
        return shared;
    }

    /** Where this module's build unpacked the Keycloak distribution of the pinned version. */
    static Path distributionIn(Path repository) {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedKeycloak.class.getResourceAsStream("keycloak.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path distribution = repository.resolve("embedded-stack/target/keycloak/keycloak-"
                + properties.getProperty("version"));
        if (!Files.isRegularFile(distribution.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(distribution + " is missing: build embedded-stack first"
                    + " (its build unpacks org.keycloak:keycloak-quarkus-dist)");
        }
        return distribution;
    }

    /** Starts Keycloak on a free loopback port with the realm file imported; does not wait for it. */
    static EmbeddedKeycloak start(Path distribution, Path realm) {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("Keycloak needs a JDK 21 or newer to run on");
        }
        try {
            Path data = distribution.resolve("data");
            deleteTree(data); // a crashed run's leftovers
            Path imports = Files.createDirectories(data.resolve("import"));
            Files.copy(realm, imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = FreePort.orPick(0);
            List<String> command = new ArrayList<>(List.of("bash", distribution.resolve("bin/kc.sh").toString(),
                    "start-dev", "--import-realm", "--db=dev-mem", "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + FreePort.orPick(0), "--cache=local"));
            ScratchDirectory logDirectory = ScratchDirectory.create("medsieve-keycloak");
            Path log = logDirectory.path().resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            LOG.infof("Starting Keycloak %s on 127.0.0.1:%d", distribution.getFileName(), port);
            return new EmbeddedKeycloak(distribution, port, builder.start(), logDirectory, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + distribution, e);
        }
    }

    /** Waits until the realm answers its discovery document, or fails with the end of Keycloak's log. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (ready) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    ready = true;
                    return;
                }
            } catch (IOException notListeningYet) {
                // retried until the deadline
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready after " + timeout.toSeconds() + " s; log:\n" + tail());
    }

    /** The realm's issuer URL: what services get as {@code quarkus.oidc.auth-server-url}. */
    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** The realm's token endpoint (password and client-credentials grants). */
    public String tokenUrl() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith("WARNING:")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** Stops Keycloak (SIGTERM, then forcibly) and deletes its data and log. */
    @Override
    public synchronized void close() {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                deleteTree(distribution.resolve("data"));
            } catch (IOException e) {
                LOG.warnf("Could not delete Keycloak's data directory: %s", e.getClass().getSimpleName());
            }
            logDirectory.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
