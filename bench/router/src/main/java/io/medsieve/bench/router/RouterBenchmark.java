package io.medsieve.bench.router;

import io.medsieve.router.classify.DocumentClassifier;
import io.medsieve.router.classify.LabelledExample;
import io.medsieve.router.classify.LabelledExamples;
import io.medsieve.router.classify.MiniLmEmbedder;
import io.medsieve.router.domain.Classification;
import io.medsieve.router.domain.DocumentClass;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classification quality of the router on a held-out labelled set: accuracy, per-class precision and recall, the
 * confusion matrix, how many documents fall below the default policy's confidence threshold (those go to a person,
 * not to a model), latency, and the same figures for the embedding alone (keyword cues off) as an ablation.
 *
 * <p>Usage: {@code RouterBenchmark [held-out.yaml] [min-confidence]}, defaults {@code bench/router/data/heldout.yaml}
 * and 0.5. Centroids come from the service's bundled training set only; the benchmark refuses a held-out set that
 * shares a text with it.
 */
public final class RouterBenchmark {

    private RouterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path heldOutPath = Path.of(args.length > 0 ? args[0] : "bench/router/data/heldout.yaml");
        double threshold = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
        List<LabelledExample> training = LabelledExamples.training();
        List<LabelledExample> heldOut;
        try (InputStream in = Files.newInputStream(heldOutPath)) {
            heldOut = LabelledExamples.read(in);
        }
        Set<String> trainingTexts = new HashSet<>();
        training.forEach(example -> trainingTexts.add(example.text().strip()));
        for (LabelledExample example : heldOut) {
            if (trainingTexts.contains(example.text().strip())) {
                throw new IllegalStateException("held-out set overlaps the training set");
            }
        }

        System.out.println("# Router classification benchmark");
        System.out.println();
        System.out.printf(Locale.ROOT, "Training: %d bundled examples; held-out: %d documents (%s). Java %s.%n",
                training.size(), heldOut.size(), heldOutPath, Runtime.version());
        long start = System.nanoTime();
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        DocumentClassifier combined = new DocumentClassifier(embedder, training);
        System.out.printf(Locale.ROOT, "Start-up (model load + %d training embeddings): %d ms.%n%n",
                training.size(), (System.nanoTime() - start) / 1_000_000);
        DocumentClassifier embeddingOnly = new DocumentClassifier(embedder, training, 0);

        report("Combined classifier (embedding + keyword and structure cues), as deployed", combined, heldOut,
                threshold, true);
        report("Ablation: embedding nearest-centroid only", embeddingOnly, heldOut, threshold, false);
    }

    private static void report(String title, DocumentClassifier classifier, List<LabelledExample> heldOut,
                               double threshold, boolean details) {
        DocumentClass[] classes = DocumentClass.values();
        int n = classes.length;
        int[][] confusion = new int[n][n];
        List<Long> latencies = new ArrayList<>();
        int correct = 0;
        int confident = 0;
        int confidentCorrect = 0;
        int confidentWrong = 0;
        double confidenceCorrect = 0;
        double confidenceWrong = 0;
        List<String> errors = new ArrayList<>();
        classifier.classify(heldOut.get(0).text()); // warm-up
        for (LabelledExample example : heldOut) {
            long t0 = System.nanoTime();
            Classification result = classifier.classify(example.text());
            latencies.add(System.nanoTime() - t0);
            confusion[example.documentClass().ordinal()][result.documentClass().ordinal()]++;
            boolean right = result.documentClass() == example.documentClass();
            if (right) {
                correct++;
                confidenceCorrect += result.confidence();
            } else {
                confidenceWrong += result.confidence();
                errors.add(String.format(Locale.ROOT, "| %s | %s | %.2f | %s |", example.documentClass(),
                        result.documentClass(), result.confidence(), result.basis()));
            }
            if (result.confidence() >= threshold) {
                confident++;
                if (right) {
                    confidentCorrect++;
                } else {
                    confidentWrong++;
                }
            }
        }
        int total = heldOut.size();
        int wrong = total - correct;
        System.out.println("## " + title);
        System.out.println();
        System.out.printf(Locale.ROOT, "Accuracy: **%.3f** (%d/%d). Mean confidence: %.2f when right, %.2f when"
                        + " wrong.%n", (double) correct / total, correct, total,
                correct == 0 ? 0 : confidenceCorrect / correct, wrong == 0 ? 0 : confidenceWrong / wrong);
        System.out.printf(Locale.ROOT, "At the policy threshold %.2f: %d/%d trusted (%.3f accuracy among them,"
                        + " %d wrong and trusted); %d below it go to a person (fail closed).%n",
                threshold, confident, total, confident == 0 ? 0 : (double) confidentCorrect / confident,
                confidentWrong, total - confident);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "Latency per document: p50 %.1f ms, p95 %.1f ms, max %.1f ms"
                        + " (single thread).%n%n", sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] / 1e6,
                sorted[sorted.length - 1] / 1e6);

        System.out.println("| class | support | precision | recall | F1 |");
        System.out.println("|---|---:|---:|---:|---:|");
        double macroF1 = 0;
        int present = 0;
        for (int i = 0; i < n; i++) {
            int support = Arrays.stream(confusion[i]).sum();
            int predicted = 0;
            for (int[] row : confusion) {
                predicted += row[i];
            }
            if (support == 0 && predicted == 0) {
                continue;
            }
            double precision = predicted == 0 ? 0 : (double) confusion[i][i] / predicted;
            double recall = support == 0 ? 0 : (double) confusion[i][i] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (support > 0) {
                macroF1 += f1;
                present++;
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |%n", classes[i], support, precision,
                    recall, f1);
        }
        System.out.printf(Locale.ROOT, "%nMacro F1: %.3f%n%n", macroF1 / present);

        if (details) {
            System.out.println("Confusion matrix (rows: true class, columns: predicted; abbreviations in order of"
                    + " the table above):");
            System.out.println();
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-18s", "true \\ pred"));
            for (DocumentClass documentClass : classes) {
                header.append(String.format(Locale.ROOT, "%5s", abbreviation(documentClass)));
            }
            System.out.println("```");
            System.out.println(header);
            for (int i = 0; i < n; i++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-18s", classes[i]));
                for (int j = 0; j < n; j++) {
                    row.append(String.format(Locale.ROOT, "%5s", confusion[i][j] == 0 ? "." : confusion[i][j]));
                }
                System.out.println(row);
            }
            System.out.println("```");
            System.out.println();
            if (!errors.isEmpty()) {
                System.out.println("Misclassified:");
                System.out.println();
                System.out.println("| true | predicted | confidence | basis |");
                System.out.println("|---|---|---:|---|");
                errors.forEach(System.out::println);
                System.out.println();
            }
        }
    }

    private static String abbreviation(DocumentClass documentClass) {
        return switch (documentClass) {
            case IDENTITY_DOCUMENT -> "ID";
            case REFERRAL_LETTER -> "REF";
            case DISCHARGE_SUMMARY -> "DIS";
            case ENCOUNTER_SUMMARY -> "ENC";
            case LAB_REPORT -> "LAB";
            case MEDICATION_LIST -> "MED";
            case PSYCHIATRIC_NOTE -> "PSY";
            case IMAGING_REPORT -> "IMG";
            case BILLING_CLAIM -> "BILL";
            case INSURANCE_CARD -> "INS";
            case FULL_CHART -> "CHRT";
            case OTHER -> "OTH";
        };
    }
}
