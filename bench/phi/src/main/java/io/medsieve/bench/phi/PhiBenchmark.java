package io.medsieve.bench.phi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsieve.redaction.detect.EngineConfig;
import io.medsieve.redaction.detect.PhiEngine;
import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * De-identification benchmark of {@link PhiEngine} over the annotated corpora in {@code ../shared/phi-bench}.
 *
 * <p>Scoring follows the corpus README: a gold span is found when any predicted span overlaps it (exact-boundary
 * matches are reported too); a predicted span that overlaps no gold span is a false positive. Gold types that are
 * not Safe Harbor PHI (a year alone, organisations, titles, nationalities, ages of 89 or less) are reported but
 * not counted, and predictions that overlap only such spans are neither true nor false positives. Recall comes
 * first because a missed identifier is a leak. Throughput is single-threaded, after a warm-up.
 *
 * <p>Usage: {@code PhiBenchmark [corpusDir]}, default {@code ../shared/phi-bench} from the working directory.
 */
public final class PhiBenchmark {

    private static final Set<String> NOT_COUNTED = Set.of("DateYear", "ORGANIZATION", "TITLE", "NRP", "AGE<=89");

    /** A gold span of one note. */
    public record Gold(int start, int end, String type) {
    }

    /** One annotated note; {@code patient} is the corpus patient id (0 when the corpus has none). */
    public record Note(int patient, String text, List<Gold> gold) {

        public Note(String text, List<Gold> gold) {
            this(0, text, gold);
        }
    }

    /**
     * The development half holds the odd patient ids only; it is split once more, by patient, so rule changes can
     * be tuned on one quarter ("tune": id mod 4 = 1) and checked on the other ("check": id mod 4 = 3), whose errors
     * are never read. The corpus's own held-out half is not in the repository's reach.
     */
    static boolean tuneQuarter(Note n) {
        return n.patient() % 4 == 1;
    }

    /** Counters of one bench category. */
    static final class Tally {
        int gold;
        int found;
        int exact;
        int predicted;
        int truePositive;
        int falsePositive;
    }

    private PhiBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/phi-bench");
        if (!Files.isDirectory(root)) {
            System.err.println("Corpus folder not found: " + root.toAbsolutePath());
            System.exit(2);
        }
        long t0 = System.nanoTime();
        PhiEngine engine = new PhiEngine(EngineConfig.defaults());
        double loadMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "# PHI detection benchmark%n%nEngine start-up (word lists): %.0f ms. "
                + "Java %s.%n%n", loadMs, System.getProperty("java.version"));
        List<Note> physionet = physionet(root.resolve("physionet-deid-dev"));
        List<Note> presidio = presidio(root.resolve("presidio-synth/synth_dataset_v2.json"));
        report("PhysioNet deid, development half (clinical nursing notes)", physionet, engine);
        report("PhysioNet deid, tune quarter of the development half (patient id mod 4 = 1)",
                physionet.stream().filter(PhiBenchmark::tuneQuarter).toList(), engine, false);
        report("PhysioNet deid, check quarter of the development half (patient id mod 4 = 3; errors never read)",
                physionet.stream().filter(n -> !tuneQuarter(n)).toList(), engine, false);
        report("presidio-research synth_dataset_v2 (general PII)", presidio, engine);
    }

    static List<Note> physionet(Path dir) throws IOException {
        String all = Files.readString(dir.resolve("id.text"), StandardCharsets.UTF_8);
        Map<String, List<Gold>> gold = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("id-phi.phrase"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 6);
            if (f.length < 5) {
                continue;
            }
            gold.computeIfAbsent(f[0] + "|" + f[1], k -> new ArrayList<>())
                    .add(new Gold(Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]));
        }
        Matcher m = Pattern.compile("START_OF_RECORD=(\\d+)\\|\\|\\|\\|(\\d+)\\|\\|\\|\\|\\n(.*?)\\|\\|\\|\\|END_OF_RECORD",
                Pattern.DOTALL).matcher(all);
        List<Note> notes = new ArrayList<>();
        while (m.find()) {
            notes.add(new Note(Integer.parseInt(m.group(1)), m.group(3), gold.getOrDefault(m.group(1) + "|" + m.group(2), List.of())));
        }
        return notes;
    }

    static List<Note> presidio(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Note> notes = new ArrayList<>();
        Pattern number = Pattern.compile("\\d+");
        for (JsonNode sample : root) {
            String text = sample.get("full_text").asText();
            List<Gold> gold = new ArrayList<>();
            for (JsonNode s : sample.get("spans")) {
                String type = s.get("entity_type").asText();
                int start = s.get("start_position").asInt();
                int end = s.get("end_position").asInt();
                if (type.equals("AGE")) {
                    Matcher n = number.matcher(text.substring(start, end));
                    type = n.find() && Integer.parseInt(n.group()) > 89 ? "AGE" : "AGE<=89";
                }
                gold.add(new Gold(start, end, type));
            }
            notes.add(new Note(text, gold));
        }
        return notes;
    }

    /** The bench category of a gold type, so recall and precision can be paired per kind of identifier. */
    static String goldCategory(String type) {
        return switch (type) {
            case "HCPName", "PTName", "PTNameInitial", "RelativeProxyName", "PERSON" -> "NAME";
            case "Date", "DATE_TIME" -> "DATE";
            case "Location", "STREET_ADDRESS", "GPE", "ZIP_CODE" -> "LOCATION";
            case "Phone", "PHONE_NUMBER" -> "PHONE";
            case "Age", "AGE" -> "AGE>89";
            case "EMAIL_ADDRESS", "DOMAIN_NAME", "IP_ADDRESS" -> "NETWORK";
            default -> "ID";
        };
    }

    static String predictedCategory(PhiType type) {
        return switch (type) {
            case NAME -> "NAME";
            case DATE -> "DATE";
            case LOCATION, CITY, STREET_ADDRESS, ZIP -> "LOCATION";
            case PHONE, FAX -> "PHONE";
            case AGE_OVER_89 -> "AGE>89";
            case EMAIL, URL, IP_ADDRESS -> "NETWORK";
            default -> "ID";
        };
    }

    static void report(String title, List<Note> notes, PhiEngine engine) {
        report(title, notes, engine, true);
    }

    static void report(String title, List<Note> notes, PhiEngine engine, boolean timed) {
        Map<String, Tally> byGoldType = new TreeMap<>();
        Map<String, Tally> byCategory = new TreeMap<>();
        Map<String, Tally> byPredType = new TreeMap<>();
        Tally overall = new Tally();
        long bytes = 0;
        for (Note note : notes) {
            bytes += note.text().getBytes(StandardCharsets.UTF_8).length;
            List<PhiSpan> predicted = engine.detect(note.text());
            for (Gold g : note.gold()) {
                boolean counted = !NOT_COUNTED.contains(g.type());
                boolean found = false;
                boolean exact = false;
                for (PhiSpan p : predicted) {
                    if (p.start() < g.end() && g.start() < p.end()) {
                        found = true;
                        exact |= p.start() == g.start() && p.end() == g.end();
                    }
                }
                List<Tally> tallies = new ArrayList<>();
                tallies.add(byGoldType.computeIfAbsent(g.type() + (counted ? "" : " (not counted)"), k -> new Tally()));
                if (counted) {
                    tallies.add(byCategory.computeIfAbsent(goldCategory(g.type()), k -> new Tally()));
                    tallies.add(overall);
                }
                for (Tally t : tallies) {
                    t.gold++;
                    t.found += found ? 1 : 0;
                    t.exact += exact ? 1 : 0;
                }
            }
            for (PhiSpan p : predicted) {
                boolean hitsCounted = false;
                boolean hitsAny = false;
                for (Gold g : note.gold()) {
                    if (p.start() < g.end() && g.start() < p.end()) {
                        hitsAny = true;
                        hitsCounted |= !NOT_COUNTED.contains(g.type());
                    }
                }
                if (hitsAny && !hitsCounted) {
                    continue;
                }
                for (Tally t : List.of(overall, byCategory.computeIfAbsent(predictedCategory(p.type()),
                        k -> new Tally()), byPredType.computeIfAbsent(p.type().name(), k -> new Tally()))) {
                    t.predicted++;
                    if (hitsCounted) {
                        t.truePositive++;
                    } else {
                        t.falsePositive++;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "## %s%n%n%d notes, %d gold spans counted, %.2f MB.%n%n", title, notes.size(),
                overall.gold, bytes / 1e6);
        System.out.println("Per category (recall over gold spans of the category; precision over predicted spans of "
                + "the category):\n");
        System.out.println("| category | gold | recall | exact | predicted | precision | F2 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        byCategory.forEach((k, t) -> row(k, t));
        row("**overall**", overall);
        System.out.println("\nRecall per gold type:\n");
        System.out.println("| gold type | gold | found | recall | exact |");
        System.out.println("|---|---:|---:|---:|---:|");
        byGoldType.forEach((k, t) -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s |%n", k, t.gold,
                t.found, ratio(t.found, t.gold), ratio(t.exact, t.gold)));
        System.out.println("\nPrecision per predicted type:\n");
        System.out.println("| predicted type | predicted | false positives | precision |");
        System.out.println("|---|---:|---:|---:|");
        byPredType.forEach((k, t) -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %s |%n", k, t.predicted,
                t.falsePositive, ratio(t.truePositive, t.predicted)));
        if (timed) {
            throughput(notes, bytes, engine);
        } else {
            System.out.println();
        }
    }

    private static void row(String name, Tally t) {
        double r = t.gold == 0 ? Double.NaN : (double) t.found / t.gold;
        double p = t.predicted == 0 ? Double.NaN : (double) t.truePositive / t.predicted;
        double f2 = Double.isNaN(r) || Double.isNaN(p) || r + p == 0 ? Double.NaN : 5 * p * r / (4 * p + r);
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %d | %s | %s |%n", name, t.gold, fmt(r),
                ratio(t.exact, t.gold), t.predicted, fmt(p), fmt(f2));
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "n/a" : fmt((double) a / b);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void throughput(List<Note> notes, long bytes, PhiEngine engine) {
        long sink = 0;
        for (int i = 0; i < 3; i++) {
            for (Note n : notes) {
                sink += engine.detect(n.text()).size();
            }
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int passes = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long elapsed;
        do {
            for (Note n : notes) {
                sink += engine.detect(n.text()).size();
            }
            passes++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < 3_000_000_000L);
        double seconds = elapsed / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "%nThroughput (single thread, after 3 warm-up passes, %d timed passes): "
                        + "**%.0f notes/s**, **%.2f MB/s** (%.3f ms/note) wall clock; %.0f notes/s per CPU second of "
                        + "the benchmark thread (less sensitive to other load on a shared machine)%s%n%n", passes,
                notes.size() * passes / seconds, bytes * passes / seconds / 1e6,
                seconds * 1000 / (notes.size() * passes), notes.size() * passes / cpuSeconds, sink < 0 ? "." : "");
    }
}
