package io.medsieve.ocr.service;

import io.medsieve.ocr.domain.ExtractionFailedException;
import net.sourceforge.lept4j.ILeptonica;
import net.sourceforge.lept4j.Leptonica1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fixed pool of OCR worker threads, each owning its {@link TesseractHandle}s that it creates on first use and
 * reuses for every page after. The pool size is the stage's OCR parallelism: pages of one document are spread over
 * it, and nothing else runs Tesseract, so CPU use is bounded by configuration (with OMP_THREAD_LIMIT=1 each
 * Tesseract call stays on its own core).
 */
public final class TesseractWorkerPool implements AutoCloseable {

    private final Path tessdata;
    private final String language;
    private final int workers;
    private final ExecutorService executor;
    private final ThreadLocal<WorkerEngines> engines;
    private final List<TesseractHandle> opened = new ArrayList<>();

    /**
     * Checks the language data first and fails with a clear message, so a misconfigured host stops at startup
     * rather than failing every document.
     */
    public TesseractWorkerPool(Path tessdata, String language, int workers) {
        requireTrainedData(tessdata, language);
        if (workers < 1) {
            throw new IllegalArgumentException("medsieve.ocr.workers must be at least 1");
        }
        this.tessdata = tessdata;
        this.language = language;
        this.workers = workers;
        this.executor = Executors.newFixedThreadPool(workers, workerThreads());
        this.engines = ThreadLocal.withInitial(this::openEngines);
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

    /** Runs {@code task} on a worker with that worker's engines. */
    <T> CompletableFuture<T> submit(Function<WorkerEngines, T> task) {
        try {
            return CompletableFuture.supplyAsync(() -> task.apply(engines.get()), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ExtractionFailedException("ocr.shutting-down",
                    "The OCR stage is shutting down.", true));
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
