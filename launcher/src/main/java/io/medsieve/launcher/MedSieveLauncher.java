package io.medsieve.launcher;

import io.medsieve.embedded.EmbeddedKafka;
import io.medsieve.embedded.EmbeddedKeycloak;
import io.medsieve.embedded.EmbeddedPostgresServer;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs MedSieve's embedded default stack on one machine: an in-process KRaft broker, an embedded PostgreSQL, a
 * local encrypted keyring, Keycloak with the medsieve realm, and every service as its own process. {@code demo}
 * pushes {@code samples/} through and exits (non-zero if a service failed or a document got stuck); {@code run}
 * keeps the stack up until Ctrl-C.
 */
public final class MedSieveLauncher {

    private static final int PARTITIONS = 3;
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(300);
    /** Keycloak's first start on a fresh build also re-augments it: slow on two cores. */
    private static final Duration KEYCLOAK_START_TIMEOUT = Duration.ofSeconds(420);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private final Path repository;
    private final Path work;
    private final PrintStream out;
    private final Map<String, Map<String, String>> overrides;

    MedSieveLauncher(Path repository, PrintStream out) {
        this(repository, out, Map.of());
    }

    /**
     * A launcher whose services get extra configuration, e.g. a test pointing the cloud stage at a local stub.
     *
     * @param overrides configuration properties by service name, applied over the launcher's own
     */
    MedSieveLauncher(Path repository, PrintStream out, Map<String, Map<String, String>> overrides) {
        List<String> known = ServiceSpec.ALL.stream().map(ServiceSpec::name).toList();
        for (String service : overrides.keySet()) {
            if (!known.contains(service)) {
                throw new IllegalArgumentException("no service named " + service + "; services: " + known);
            }
        }
        this.repository = repository;
        this.work = repository.resolve(".medsieve");
        this.out = out;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * The ready stack as a workload sees it.
     *
     * @param ingest   the ingest API as the demo uploader ({@link SampleRun#USER})
     * @param tokens   access tokens of any demo user of the realm
     * @param baseUrls each service's base URL by service name
     */
    record Stack(IngestClient ingest, AccessTokens tokens, Map<String, String> baseUrls) {
    }

    /** What runs against the ready stack; the demo's is the sample run. */
    @FunctionalInterface
    interface Workload {

        /** @return whether it went as expected */
        boolean run(Stack stack) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "demo";
        if (!mode.equals("demo") && !mode.equals("run")) {
            System.err.println("usage: medsieve-launcher demo|run");
            System.exit(2);
        }
        boolean ok = new MedSieveLauncher(Path.of("").toAbsolutePath(), System.out).launch(mode.equals("run"));
        System.exit(ok ? 0 : 1);
    }

    /**
     * Runs the stack and the samples.
     *
     * @param keepRunning keep the stack up until the JVM is asked to stop
     * @return whether every service started and every accepted sample completed the stages that exist
     */
    boolean launch(boolean keepRunning) throws Exception {
        return launch(keepRunning,
                stack -> new SampleRun(stack.ingest(), out).run(repository.resolve("samples"), SETTLE_TIMEOUT));
    }

    /**
     * Runs the stack and the given workload against it.
     *
     * @param keepRunning keep the stack up after the workload until the JVM is asked to stop
     * @return whether every service started and the workload succeeded
     */
    boolean launch(boolean keepRunning, Workload workload) throws Exception {
        Path data = fresh(work.resolve("data"));
        Path logs = fresh(work.resolve("logs"));
        long started = System.nanoTime();
        // Ctrl-C: let the main thread stop the services and servers before the JVM halts, so no child survives.
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                cleanedUp.await(SHUTDOWN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        out.println("MedSieve embedded stack (data in " + repository.relativize(work) + "/, service logs in "
                + repository.relativize(logs) + "/)");
        // Started first (it is the slowest) and shared by every launch of this JVM.
        EmbeddedKeycloak keycloak = EmbeddedKeycloak.shared(repository);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            kafka.createTopics(allTopics(), PARTITIONS);
            out.printf("  Kafka (KRaft)      %s, %d partitions per topic%n", kafka.bootstrapServers(), PARTITIONS);
            out.printf("  PostgreSQL         127.0.0.1:%d%n", postgres.port());
            // Ready before the services start: its first start re-augments Keycloak, and seven JVMs starting
            // beside that on two cores miss their own start deadline.
            keycloak.awaitReady(KEYCLOAK_START_TIMEOUT);
            out.printf("  %-18s %s%n", "Keycloak", keycloak.realmUrl());
            List<ServiceProcess> services = new ArrayList<>();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                Map<String, String> environment = Map.of("MEDSIEVE_KEYRING_PASSPHRASE", newSecret(),
                        "OMP_THREAD_LIMIT", "1");
                for (ServiceSpec spec : ServiceSpec.ALL) {
                    Map<String, String> properties = configuration(spec, kafka, postgres, keycloak, data);
                    properties.putAll(overrides.getOrDefault(spec.name(), Map.of()));
                    services.add(ServiceProcess.start(spec, repository, portFor(spec), properties,
                            environmentFor(spec, environment), logs));
                }
                for (ServiceProcess service : services) {
                    service.awaitReady(http, SERVICE_START_TIMEOUT);
                    out.printf("  %-18s %s  ready%n", service.spec().name(), service.baseUrl());
                }
                out.printf("Stack ready in %.1f s%n", (System.nanoTime() - started) / 1e9);

                String ingestUrl = services.getFirst().baseUrl();
                AccessTokens tokens = new AccessTokens(http, keycloak.tokenUrl());
                Map<String, String> baseUrls = new HashMap<>();
                services.forEach(service -> baseUrls.put(service.spec().name(), service.baseUrl()));
                boolean ok = workload.run(new Stack(new IngestClient(http, ingestUrl, tokens, SampleRun.USER), tokens,
                        Map.copyOf(baseUrls)));
                if (keepRunning) {
                    out.println();
                    out.println("Stack is up. Upload as the demo uploader (demo password: deploy/keycloak/README.md):");
                    out.println("  TOKEN=$(curl -s -d grant_type=password -d client_id=" + AccessTokens.CLIENT
                            + " -d username=" + SampleRun.USER + " -d password=" + AccessTokens.DEMO_PASSWORD + " "
                            + keycloak.tokenUrl() + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
                    out.println("  curl -H \"Authorization: Bearer $TOKEN\" -F file=@samples/referral-letter.pdf "
                            + ingestUrl + "/v1/documents");
                    out.println("Ctrl-C stops it.");
                    stopRequested.await();
                }
                return ok;
            } finally {
                for (ServiceProcess service : services.reversed()) {
                    service.close();
                }
            }
        } finally {
            delete(data); // blobs and keyring of this run; the logs stay for inspection
            cleanedUp.countDown();
        }
    }

    private static Map<String, String> configuration(ServiceSpec spec, EmbeddedKafka kafka,
                                                     EmbeddedPostgresServer postgres, EmbeddedKeycloak keycloak,
                                                     Path data) {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("medsieve.data-dir", data.toString());
        if (spec.api()) {
            properties.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        }
        if (spec.database() != null) {
            postgres.createDatabase(spec.database());
            properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(spec.database()));
            properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(spec.database()));
            if (spec.runtimeLogin() == null) {
                properties.put("quarkus.datasource.username", postgres.username());
                properties.put("quarkus.datasource.password", postgres.password());
            } else {
                // Flyway migrates as the owner; the service runs as its restricted login (password: environmentFor).
                properties.put("quarkus.flyway.username", postgres.username());
                properties.put("quarkus.flyway.password", postgres.password());
                properties.put("quarkus.datasource.username", spec.runtimeLogin());
            }
        }
        return properties;
    }

    /**
     * The shared environment, plus a fresh password for a service's own runtime login: in the environment rather
     * than on the command line, where every local user could read it.
     */
    private static Map<String, String> environmentFor(ServiceSpec spec, Map<String, String> shared) {
        if (spec.database() == null || spec.runtimeLogin() == null) {
            return shared;
        }
        Map<String, String> environment = new HashMap<>(shared);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", newSecret());
        return environment;
    }

    private static List<String> allTopics() {
        List<String> topics = new ArrayList<>(Topics.PIPELINE);
        for (Stage stage : Stage.values()) {
            topics.add(Topics.deadLetter(stage));
        }
        return topics;
    }

    /** The service's usual port if free, so URLs stay familiar; any free port otherwise. */
    private static int portFor(ServiceSpec spec) {
        try (ServerSocket socket = new ServerSocket(spec.defaultPort())) {
            return socket.getLocalPort();
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A fresh secret per run (keyring passphrase, database password): the demo's keys die with it. */
    private static String newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static Path fresh(Path directory) throws IOException {
        delete(directory);
        return Files.createDirectories(directory);
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
