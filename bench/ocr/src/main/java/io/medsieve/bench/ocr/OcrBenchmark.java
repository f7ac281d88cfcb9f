package io.medsieve.bench.ocr;

import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.ocr.service.DocumentExtractor;
import io.medsieve.ocr.service.ExtractionSettings;
import io.medsieve.ocr.service.TesseractWorkerPool;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.Fixture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures the OCR stage's extractor (the same {@link DocumentExtractor} the service runs, with its preprocessing)
 * against the {@code tesseract} CLI on the same pages in the same run: pages/s with 1 and N workers (N CLI
 * processes), CER and FUNSD bag-of-words recall/precision with the rules of ocr_eval.py. Prints a Markdown table.
 *
 * <p>Run from the repository root (see bench/results/ocr.md for the exact command):
 * {@code java -cp ... io.medsieve.bench.ocr.OcrBenchmark [--workers N] [--funsd-pages K] [--sets fixtures,unlv,funsd]
 * [--bench-dir DIR] [--out FILE]}
 */
public final class OcrBenchmark {

    private static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");
    private static final String CLINICAL_TEXT = """
            Referral to cardiology outpatient clinic
            Reason: chest pain on exertion for three weeks, relieved by rest.
            Observations: blood pressure 142/88 mmHg, heart rate 76 bpm, SpO2 97%.
            Medication: amlodipine 5 mg once daily, atorvastatin 20 mg at night.
            Please assess for stable angina and advise on further management.""";

    private final int workers;
    private final int funsdPages;
    private final Path benchDir;
    private final Path scratch;
    private final List<String> sets;

    private OcrBenchmark(int workers, int funsdPages, Path benchDir, Path scratch, List<String> sets) {
        this.sets = sets;
        this.workers = workers;
        this.funsdPages = funsdPages;
        this.benchDir = benchDir;
        this.scratch = scratch;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int workers = Integer.parseInt(options.getOrDefault("--workers",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        int funsdPages = Integer.parseInt(options.getOrDefault("--funsd-pages", "50"));
        Path benchDir = Path.of(options.getOrDefault("--bench-dir", "../shared/ocr-bench"));
        Path scratch = Files.createTempDirectory("medsieve-ocr-bench");
        List<String> sets = List.of(options.getOrDefault("--sets", "fixtures,unlv,funsd").split(","));
        String table = new OcrBenchmark(workers, funsdPages, benchDir, scratch, sets).run(String.join(" ", args));
        System.out.println(table);
        if (options.containsKey("--out")) {
            Files.writeString(Path.of(options.get("--out")), table);
        }
    }

    private String run(String arguments) throws Exception {
        Map<String, List<BenchPage>> sets = new LinkedHashMap<>();
        if (this.sets.contains("fixtures")) {
            sets.put("fixtures (synthetic)", fixtures());
        }
        if (this.sets.contains("unlv")) {
            sets.put("UNLV 300 dpi + phototest", unlv());
        }
        if (this.sets.contains("funsd")) {
            sets.put("FUNSD test (" + funsdPages + " pages)", funsd());
        }
        StringBuilder out = new StringBuilder();
        out.append("| set | pages | engine | workers | s | pages/s | pages/s per worker | CER | BoW R / P (folded) |\n");
        out.append("|---|---:|---|---:|---:|---:|---:|---:|---|\n");
        StringBuilder ratios = new StringBuilder();
        for (Map.Entry<String, List<BenchPage>> set : sets.entrySet()) {
            List<BenchPage> pages = set.getValue();
            if (pages.isEmpty()) {
                continue;
            }
            Run engine1 = runEngine(pages, 1);
            Run engineN = runEngine(pages, workers);
            Run cli1 = runCli(pages, 1);
            Run cliN = runCli(pages, workers);
            for (Run run : List.of(engine1, engineN, cli1, cliN)) {
                out.append(row(set.getKey(), pages, run));
            }
            ratios.append(String.format(Locale.ROOT,
                    "- %s: MedSieve/CLI pages/s = %.2f (1 worker), %.2f (%d workers); MedSieve scaling %d vs 1 "
                            + "worker = %.2fx; CER MedSieve %.4f vs CLI %.4f%n",
                    set.getKey(), engine1.pagesPerSecond() / cli1.pagesPerSecond(),
                    engineN.pagesPerSecond() / cliN.pagesPerSecond(), workers, workers,
                    engineN.pagesPerSecond() / engine1.pagesPerSecond(), engine1.score().cer(), cli1.score().cer()));
        }
        return "Command: `" + command(arguments) + "`  \n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, tesseract "
                + tesseractVersion() + ", OMP_THREAD_LIMIT=1\n\n" + out + "\n" + ratios;
    }

    private static String command(String arguments) {
        return "./mvnw -B -q -pl ocr-service,bench/ocr -am install -DskipTests && OMP_THREAD_LIMIT=1 java"
                + " --enable-native-access=ALL-UNNAMED -cp \"$(cat bench/ocr/target/classpath.txt):bench/ocr/target/classes\""
                + " io.medsieve.bench.ocr.OcrBenchmark " + arguments;
    }

    private String row(String set, List<BenchPage> pages, Run run) {
        return String.format(Locale.ROOT, "| %s | %d | %s | %d | %.1f | %.2f | %.2f | %.4f | %.3f / %.3f |%n",
                set, pages.size(), run.engine(), run.workers(), run.seconds(), run.pagesPerSecond(),
                run.pagesPerSecond() / run.workers(), run.score().cer(), run.foldedScore().recall(),
                run.foldedScore().precision());
    }

    private record Run(String engine, int workers, double seconds, int pages, OcrScore score, OcrScore foldedScore) {
        double pagesPerSecond() {
            return pages / seconds;
        }
    }

    // ------------------------------------------------------------------ engines

    private Run runEngine(List<BenchPage> pages, int poolSize) throws Exception {
        try (TesseractWorkerPool pool = new TesseractWorkerPool(TESSDATA, "eng", poolSize)) {
            ExtractionSettings settings = new ExtractionSettings(300, 200, 300, 100_000_000L, 70, 20, 0.9, 60, 2.0,
                    Duration.ofSeconds(120), "bench");
            java.util.concurrent.atomic.AtomicInteger rotated = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger deskewed = new java.util.concurrent.atomic.AtomicInteger();
            DocumentExtractor extractor = new DocumentExtractor(pool, settings, (page, nanos) -> {
                rotated.addAndGet(page.rotationDegrees() != 0 ? 1 : 0);
                deskewed.addAndGet(page.skewDegrees() != 0 ? 1 : 0);
            });
            // Warm-up: every worker opens its Tesseract handles once, as the service does at its first pages.
            timed(pages.subList(0, Math.min(pages.size(), poolSize * 2)), poolSize, page -> read(extractor, page));
            rotated.set(0);
            deskewed.set(0);
            Timed timed = timed(pages, poolSize, page -> read(extractor, page));
            return score("MedSieve (Tess4J), " + rotated.get() + " turned, " + deskewed.get() + " deskewed",
                    poolSize, pages, timed);
        }
    }

    private static String read(DocumentExtractor extractor, BenchPage page) throws IOException {
        Extraction extraction = extractor.extract(Files.readAllBytes(page.image()), page.mediaType());
        return extraction.pages().stream().map(ExtractedPage::text).collect(Collectors.joining("\n"));
    }

    private Run runCli(List<BenchPage> pages, int processes) throws Exception {
        return score("tesseract CLI", processes, pages, timed(pages, processes, OcrBenchmark::cli));
    }

    private static String cli(BenchPage page) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("tesseract", page.image().toString(), "-", "-l", "eng");
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text;
    }

    private static String tesseractVersion() {
        try {
            Process process = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("?");
            process.waitFor();
            return first.replace("tesseract ", "");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    @FunctionalInterface
    private interface PageReader {
        String read(BenchPage page) throws Exception;
    }

    private record Timed(double seconds, List<String> texts) {
    }

    /** Reads all pages with {@code parallelism} callers at once; wall-clock time over the whole set. */
    private static Timed timed(List<BenchPage> pages, int parallelism, PageReader reader) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(parallelism);
        try {
            long started = System.nanoTime();
            List<Future<String>> futures = new ArrayList<>();
            for (BenchPage page : pages) {
                futures.add(callers.submit(() -> reader.read(page)));
            }
            List<String> texts = new ArrayList<>();
            for (Future<String> future : futures) {
                texts.add(future.get());
            }
            return new Timed((System.nanoTime() - started) / 1e9, texts);
        } finally {
            callers.shutdown();
        }
    }

    private static Run score(String engine, int workers, List<BenchPage> pages, Timed timed) {
        OcrScore raw = OcrScore.zero();
        OcrScore folded = OcrScore.zero();
        for (int i = 0; i < pages.size(); i++) {
            raw = raw.plus(OcrScore.of(pages.get(i).truth(), timed.texts().get(i), false));
            folded = folded.plus(OcrScore.of(pages.get(i).truth(), timed.texts().get(i), true));
        }
        return new Run(engine, workers, timed.seconds(), pages.size(), raw, folded);
    }

    // ------------------------------------------------------------------ page sets

    private List<BenchPage> fixtures() throws IOException {
        List<BenchPage> pages = new ArrayList<>();
        pages.add(write("clean-300.png", DocumentFixtures.png(CLINICAL_TEXT, 300)));
        pages.add(write("clean-300.jpg", DocumentFixtures.jpeg(CLINICAL_TEXT, 300)));
        pages.add(write("fax-200.tif", DocumentFixtures.multiPageTiff(List.of(CLINICAL_TEXT), 200)));
        pages.add(write("rotated-90.png", DocumentFixtures.rotatedPng(CLINICAL_TEXT, 90)));
        pages.add(write("skewed-3.png", DocumentFixtures.skewedPng(CLINICAL_TEXT, 3.0)));
        pages.add(write("fax-100.png", DocumentFixtures.lowDpiFaxPng(CLINICAL_TEXT)));
        return pages;
    }

    private BenchPage write(String name, Fixture fixture) throws IOException {
        Path file = scratch.resolve(name);
        Files.write(file, fixture.bytes());
        return new BenchPage("fixtures", file, fixture.mediaType(), fixture.text());
    }

    private List<BenchPage> unlv() throws IOException {
        Path dir = benchDir.resolve("tesseract_test");
        List<BenchPage> pages = new ArrayList<>();
        for (String name : List.of("8071_093.3B", "8087_054.3B")) {
            Path image = dir.resolve(name + ".tif");
            if (Files.exists(image)) {
                pages.add(new BenchPage("unlv", image, "image/tiff", Files.readString(dir.resolve(name + ".txt"),
                        StandardCharsets.ISO_8859_1)));
            }
        }
        Path phototest = dir.resolve("phototest.tif");
        if (Files.exists(phototest)) {
            pages.add(new BenchPage("unlv", phototest, "image/tiff",
                    Files.readString(dir.resolve("phototest.gold.txt"))));
        }
        return pages;
    }

    private List<BenchPage> funsd() throws IOException {
        Path images = benchDir.resolve("funsd_test/images");
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        List<BenchPage> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(images)) {
            for (Path image : files.sorted().limit(funsdPages).toList()) {
                String id = image.getFileName().toString().replaceFirst("\\.png$", "");
                Path annotation = benchDir.resolve("funsd_test/annotations/" + id + ".json");
                pages.add(new BenchPage("funsd", image, "image/png", new FunsdReference(annotation).text()));
            }
        }
        return pages;
    }
}
