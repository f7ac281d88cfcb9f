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
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(ServiceSpec spec, int port, Process process, Path log) {
        this.spec = spec;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the service with the given configuration (system properties) and environment. */
    static ServiceProcess start(ServiceSpec spec, Path repository, int port, Map<String, String> properties,
                                Map<String, String> environment, Path logDirectory) throws IOException {
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
        Path log = logDirectory.resolve(spec.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new ServiceProcess(spec, port, builder.start(), log);
    }

    /** Waits until the service reports ready, or fails with the end of its log. */
    void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue()
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
        throw new IllegalStateException(spec.name() + " not ready after " + timeout.toSeconds() + " s; last log lines:\n"
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
