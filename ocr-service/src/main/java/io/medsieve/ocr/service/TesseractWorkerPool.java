package io.medsieve.ocr.service;

import io.medsieve.ocr.domain.ExtractionFailedException;
import io.opentelemetry.context.Context;
import net.sourceforge.lept4j.ILeptonica;
import net.sourceforge.lept4j.Leptonica1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fixed pool of OCR worker threads, each owning its {@link TesseractHandle}s that it creates on first use and
 * reuses for every page after. The pool size is the stage's OCR parallelism: pages of one document are spread over
 * it, and nothing else runs Tesseract, so CPU use is bounded by configuration (with OMP_THREAD_LIMIT=1 each
 * Tesseract call stays on its own core).
 *
 * <p>A native call cannot be interrupted. Tesseract honours its monitor deadline while recognising words, but a call
 * stuck elsewhere (layout analysis, a Leptonica loop) would hold its thread for good and silently shrink the pool.
 * A watchdog therefore counts a worker as stuck once its page has run {@code stuckAfter}, and starts a replacement
 * thread (with fresh Tesseract handles) so the stage keeps its configured parallelism; the document of the stuck
 * page has already failed with {@code ocr.page-timeout}. Replacements are capped at {@code maxStuckWorkers}: past
 * that the pool reports itself unhealthy (readiness DOWN), so the orchestrator restarts the instance, which is the
 * only way to reclaim a thread stuck in native code.
 */
public final class TesseractWorkerPool implements AutoCloseable {

    private final Path tessdata;
    private final String language;
    private final int workers;
    private final int maxStuckWorkers;
    private final long stuckAfterNanos;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService watchdog;
    /** When each busy worker started its current task. */
    private final Map<Thread, Long> busySince = new ConcurrentHashMap<>();
    /** Workers counted as stuck; each has a replacement thread while it stays stuck. */
    private final Map<Thread, Boolean> stuck = new ConcurrentHashMap<>();
    private final ThreadLocal<WorkerEngines> engines;
    private final List<TesseractHandle> opened = new ArrayList<>();

    /**
     * Checks the language data first and fails with a clear message, so a misconfigured host stops at startup
     * rather than failing every document.
     */
    public TesseractWorkerPool(Path tessdata, String language, int workers) {
        this(tessdata, language, workers, Duration.ofMinutes(5), workers);
    }

    /**
     * @param stuckAfter      how long one task may run before its worker counts as stuck and is replaced; set it
     *                        above the per-page timeout, which Tesseract itself honours in the normal case
     * @param maxStuckWorkers replacements allowed before the pool reports itself unhealthy
     */
    public TesseractWorkerPool(Path tessdata, String language, int workers, Duration stuckAfter, int maxStuckWorkers) {
        requireTrainedData(tessdata, language);
        if (workers < 1) {
            throw new IllegalArgumentException("medsieve.ocr.workers must be at least 1");
        }
        this.tessdata = tessdata;
        this.language = language;
        this.workers = workers;
        this.maxStuckWorkers = Math.max(0, maxStuckWorkers);
        this.stuckAfterNanos = stuckAfter.toNanos();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                workerThreads());
        this.engines = ThreadLocal.withInitial(this::openEngines);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ocr-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, Math.min(1_000, stuckAfter.toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::replaceStuckWorkers, period, period, TimeUnit.MILLISECONDS);
        silenceLeptonica();
    }

    /**
     * Leptonica (inside libtesseract) prints geometry warnings straight to stderr, bypassing logging. They carry no
     * content, only noise; failing to silence them is harmless.
     */
    private static void silenceLeptonica() {
        try {
            Leptonica1.setMsgSeverity(ILeptonica.L_SEVERITY_NONE);
        } catch (LinkageError | RuntimeException e) {
            // cosmetic only
        }
    }

    private static void requireTrainedData(Path tessdata, String language) {
        List<String> missing = new ArrayList<>();
        for (String model : (language + "+osd").split("\\+")) {
            if (!Files.isReadable(tessdata.resolve(model + ".traineddata"))) {
                missing.add(model + ".traineddata");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("OCR cannot start: " + String.join(", ", missing) + " not found in "
                    + tessdata + ". Install tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-osd, or set"
                    + " medsieve.ocr.tessdata-path.");
        }
    }

    public int workers() {
        return workers;
    }

    /** "&lt;version of libtesseract&gt;", e.g. 5.3.0; part of the extractor version. */
    public String engineVersion() {
        return TesseractHandle.version();
    }

    /** Workers currently counted as stuck (each one replaced while the cap allows). */
    public int stuckWorkers() {
        return stuck.size();
    }

    /** False once more workers are stuck than may be replaced: only a restart reclaims them. */
    public boolean healthy() {
        return stuck.size() <= maxStuckWorkers;
    }

    /** Runs {@code task} on a worker with that worker's engines. */
    <T> CompletableFuture<T> submit(Function<WorkerEngines, T> task) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                Thread worker = Thread.currentThread();
                busySince.put(worker, System.nanoTime());
                try {
                    return task.apply(engines.get());
                } finally {
                    busySince.remove(worker);
                    if (stuck.remove(worker) != null) {
                        resize();
                    }
                }
            }, Context.taskWrapping(executor)); // the page runs in the document's trace context
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ExtractionFailedException("ocr.shutting-down",
                    "The OCR stage is shutting down.", true));
        }
    }

    private void replaceStuckWorkers() {
        long now = System.nanoTime();
        boolean changed = false;
        for (Map.Entry<Thread, Long> busy : busySince.entrySet()) {
            if (now - busy.getValue() >= stuckAfterNanos && stuck.putIfAbsent(busy.getKey(), Boolean.TRUE) == null) {
                changed = true;
            }
        }
        if (changed) {
            resize();
        }
    }

    /** One replacement thread per stuck worker, up to the cap; the pool shrinks back as stuck calls return. */
    private synchronized void resize() {
        if (executor.isShutdown()) {
            return;
        }
        int size = workers + Math.min(stuck.size(), maxStuckWorkers);
        if (size > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(size);
            executor.setCorePoolSize(size);
        } else if (size < executor.getCorePoolSize()) {
            executor.setCorePoolSize(size);
            executor.setMaximumPoolSize(size);
        }
    }

    private synchronized WorkerEngines openEngines() {
        TesseractHandle reader = TesseractHandle.open(tessdata, language);
        opened.add(reader);
        TesseractHandle orientation = TesseractHandle.open(tessdata, "osd");
        opened.add(orientation);
        return new WorkerEngines(reader, orientation);
    }

    /**
     * A worker's two engines: the reader for the configured language, and one loaded with the orientation model.
     * Tesseract's orientation detection runs with the model of the handle it is called on, so it needs its own.
     */
    public record WorkerEngines(TesseractHandle reader, TesseractHandle orientation) {
    }

    /** Lets running pages finish (bounded wait), then releases every engine. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                return; // a worker is still inside Tesseract: ending its handle now would crash the JVM
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            opened.forEach(TesseractHandle::close);
            opened.clear();
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "ocr-worker-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
