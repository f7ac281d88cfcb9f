package io.medsieve.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service running as its own JVM from its Quarkus runner jar, exactly as it would run in production, with its
 * output in a log file. Separate processes keep the services' class paths and configuration apart.
 */
final class ServiceProcess implements AutoCloseable {

    private final ServiceSpec spec;
    private final String instance;
    private final int port;
    private final Process process;
    private final Path log;
    private final Path repository;
    private final Map<String, String> properties;
    private final Map<String, String> environment;

    private ServiceProcess(ServiceSpec spec, String instance, int port, Process process, Path log, Path repository,
                           Map<String, String> properties, Map<String, String> environment) {
        this.spec = spec;
        this.instance = instance;
        this.port = port;
        this.process = process;
        this.log = log;
        this.repository = repository;
        this.properties = Map.copyOf(properties);
        this.environment = Map.copyOf(environment);
    }

    /** Starts the service with the given configuration (system properties) and environment. */
    static ServiceProcess start(ServiceSpec spec, Path repository, int port, Map<String, String> properties,
                                Map<String, String> environment, Path logDirectory) throws IOException {
        return start(spec, spec.name(), repository, port, properties, environment,
                logDirectory.resolve(spec.name() + ".log"), false);
    }

    private static ServiceProcess start(ServiceSpec spec, String instance, Path repository, int port,
                                        Map<String, String> properties, Map<String, String> environment, Path log,
                                        boolean appendLog) throws IOException {
        Path runner = repository.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing: build first (./medsieve demo does)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("--enable-native-access=ALL-UNNAMED"); // Tesseract and Leptonica through JNA in the OCR stage
        if (Runtime.version().feature() >= 23) {
            // Netty and Kafka use sun.misc.Unsafe; allow it without a warning on every start.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runner.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(spec, instance, port, builder.start(), log, repository, properties, environment);
    }

    /**
     * The same instance started again after it stopped or was killed: same port, configuration, environment (so
     * the same keyring and database login) and consumer group, its output appended to the same log. This is what
     * a supervisor (Kubernetes, systemd) does after a crash.
     */
    ServiceProcess restarted() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        return start(spec, instance, repository, port, properties, environment, log, true);
    }

    /**
     * One more instance of this service on another port, in the same consumer groups: Kafka shares the topics'
     * partitions between the instances, which is how a stage scales out.
     */
    ServiceProcess anotherInstance(String instanceName, int otherPort) throws IOException {
        return start(spec, instanceName, repository, otherPort, properties, environment,
                log.resolveSibling(instanceName + ".log"), false);
    }

    /**
     * SIGKILL, as the kernel's OOM killer or a node failure would end it: no shutdown hook, no offset commit, no
     * flushing. Returns once the process is gone.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(instance + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The operating-system process, for CPU time and memory figures. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The spec's name for the first instance, a suffixed name (ocr-service-2) for further ones. */
    String instance() {
        return instance;
    }

    /** Waits until the service reports ready, or fails with the end of its log. */
    void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(instance + " exited with " + process.exitValue()
                        + "; last log lines:\n" + tail(20));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // retried until the deadline
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(instance + " not ready after " + timeout.toSeconds() + " s; last log lines:\n"
                + tail(20));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    ServiceSpec spec() {
        return spec;
    }

    Path log() {
        return log;
    }

    private String tail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Stops gracefully (SIGTERM lets Quarkus commit offsets and close pools), then forcibly. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
