package io.medsieve.launcher;

import io.medsieve.embedded.EmbeddedKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack the launcher started, as a workload sees it while it runs: the ingest API, the broker, and every service
 * process. Beyond uploading, a workload can do to it what operations do to a production deployment (SIGKILL a
 * stage and restart it, scale a stage out to a second instance, restart the broker), which is what the reliability
 * tests and the pipeline benchmark need. Every process started here is stopped with the stack.
 */
public final class RunningStack {

    private final EmbeddedKafka kafka;
    private final List<ServiceProcess> services;
    private final HttpClient http;
    private final IngestClient ingest;
    private final AccessTokens tokens;
    private final Duration startTimeout;

    RunningStack(EmbeddedKafka kafka, List<ServiceProcess> services, HttpClient http, IngestClient ingest,
                 AccessTokens tokens, Duration startTimeout) {
        this.kafka = kafka;
        this.services = services;
        this.http = http;
        this.ingest = ingest;
        this.tokens = tokens;
        this.startTimeout = startTimeout;
    }

    /** The ingest API as the demo uploader ({@link SampleRun#USER}) uses it. */
    public IngestClient ingest() {
        return ingest;
    }

    /** Access tokens of any demo user of the embedded Keycloak's realm. */
    public AccessTokens tokens() {
        return tokens;
    }

    /** Base URL of every running instance, by instance name. */
    public synchronized Map<String, String> baseUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        services.forEach(service -> urls.put(service.instance(), service.baseUrl()));
        return urls;
    }

    /** {@code host:port} of the broker, for a workload that reads or writes topics itself. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Base URL of an instance ({@code audit-service}, {@code ocr-service-2}). */
    public synchronized String baseUrl(String instance) {
        return find(instance).baseUrl();
    }

    /** The instance's log file (restarts append to it). */
    public synchronized Path log(String instance) {
        return find(instance).log();
    }

    /** Whether the instance's process is running. */
    public synchronized boolean isAlive(String instance) {
        return find(instance).isAlive();
    }

    /** SIGKILLs an instance; it stays down until {@link #restart(String)}. */
    public synchronized void kill(String instance) throws InterruptedException {
        find(instance).kill();
    }

    /** Starts a stopped or killed instance again as it was (same port, configuration, group) and waits until ready. */
    public synchronized void restart(String instance) throws IOException, InterruptedException {
        ServiceProcess old = find(instance);
        ServiceProcess restarted = old.restarted();
        services.set(services.indexOf(old), restarted);
        restarted.awaitReady(http, startTimeout);
    }

    /**
     * Starts one more instance of a service on a free port and waits until it is ready.
     *
     * @return the new instance's name, e.g. {@code ocr-service-2}
     */
    public synchronized String startAnotherInstance(String service) throws IOException, InterruptedException {
        ServiceProcess first = find(service);
        long running = services.stream().filter(s -> s.spec().equals(first.spec())).count();
        String name = service + "-" + (running + 1);
        ServiceProcess another = first.anotherInstance(name, freePort());
        services.add(another);
        another.awaitReady(http, startTimeout);
        return name;
    }

    /** Stops the broker, keeps it down for {@code downtime}, starts it again on the same port and log directories. */
    public void restartBroker(Duration downtime) {
        kafka.restart(downtime);
    }

    /** CPU time and memory of every instance now, in start order. */
    public synchronized List<ServiceUsage> usage() {
        return services.stream().map(s -> ServiceUsage.of(s.instance(), s.handle())).toList();
    }

    private ServiceProcess find(String instance) {
        return services.stream().filter(s -> s.instance().equals(instance)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + instance + " in "
                        + services.stream().map(ServiceProcess::instance).toList()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One instance's resource use, from the operating system's view of its process.
     *
     * @param instance      instance name
     * @param pid           process id
     * @param alive         whether it was running when sampled
     * @param cpuTime       CPU time used since it started (user and system)
     * @param residentBytes resident set size now ({@code VmRSS}), 0 when unknown
     * @param peakBytes     largest resident set size so far ({@code VmHWM}), 0 when unknown
     */
    public record ServiceUsage(String instance, long pid, boolean alive, Duration cpuTime, long residentBytes,
                               long peakBytes) {

        static ServiceUsage of(String instance, ProcessHandle process) {
            Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
            long resident = 0;
            long peak = 0;
            // Linux only (the only platform the stack runs its tests on); elsewhere memory reads as unknown.
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        resident = kilobytes(line);
                    } else if (line.startsWith("VmHWM:")) {
                        peak = kilobytes(line);
                    }
                }
            } catch (IOException | UncheckedIOException goneOrNotLinux) {
                // reported as 0
            }
            return new ServiceUsage(instance, process.pid(), process.isAlive(), cpu, resident, peak);
        }

        private static long kilobytes(String statusLine) {
            String[] parts = statusLine.trim().split("\\s+");
            return Long.parseLong(parts[1]) * 1024;
        }
    }
}
