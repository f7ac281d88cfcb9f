package io.medsieve.router.classify;

import io.medsieve.router.domain.Classification;
import io.medsieve.router.domain.DocumentClass;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local document classification: the nearest class centroid of the text's MiniLM embedding, nudged by keyword and
 * structure cues, with a softmax confidence over the combined scores. Runs on redacted text; placeholders such as
 * {@code [PERSON_3f9a]} are turned into their type word first, so the random keys add no noise.
 *
 * <p>Multi-page documents whose pages look like at least {@value #CHART_MIN_SECTIONS} different record types are a
 * {@link DocumentClass#FULL_CHART}: no single-page view (and no embedding of the first page) can see that.
 */
public final class DocumentClassifier {

    /** Characters embedded: about MiniLM's 256-token window, so the model sees one dense, untruncated chunk. */
    static final int EMBEDDED_CHARS = 1200;
    /** How much one keyword weight unit adds to a cosine similarity. */
    static final double KEYWORD_WEIGHT = 0.06;
    /** Keyword evidence is capped so a long document cannot drown the embedding. */
    static final double KEYWORD_CAP = 5;
    /** Softmax temperature over combined scores; calibrated on the training set (bench/results/router.md). */
    static final double TEMPERATURE = 0.04;
    /** Below this best similarity and without any keyword the text resembles nothing we know. */
    static final double MIN_SIMILARITY = 0.15;
    static final int CHART_MIN_PAGES = 3;
    static final int CHART_MIN_SECTIONS = 3;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z][A-Z_]*?)_[0-9a-f]{2,}]");
    private static final Set<DocumentClass> SECTION_CLASSES = EnumSet.complementOf(
            EnumSet.of(DocumentClass.FULL_CHART, DocumentClass.OTHER));

    private final TextEmbedder embedder;
    private final Map<DocumentClass, float[]> centroids;
    private final double keywordWeight;

    /** Embeds the training examples and keeps one centroid per class. */
    public DocumentClassifier(TextEmbedder embedder, List<LabelledExample> training) {
        this(embedder, training, KEYWORD_WEIGHT);
    }

    /**
     * As {@link #DocumentClassifier(TextEmbedder, List)} with another weight for keyword cues; 0 gives the
     * embedding alone (the benchmark's ablation).
     */
    public DocumentClassifier(TextEmbedder embedder, List<LabelledExample> training, double keywordWeight) {
        this.embedder = embedder;
        this.keywordWeight = keywordWeight;
        Map<DocumentClass, float[]> sums = new EnumMap<>(DocumentClass.class);
        for (LabelledExample example : training) {
            float[] vector = embedder.embed(prepare(firstPage(example.text())));
            sums.merge(example.documentClass(), vector, DocumentClassifier::add);
        }
        Map<DocumentClass, float[]> normalised = new EnumMap<>(DocumentClass.class);
        sums.forEach((documentClass, sum) -> normalised.put(documentClass, Vectors.normalised(sum)));
        this.centroids = Map.copyOf(normalised);
        if (centroids.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
    }

    /** Classifies redacted text (pages separated by form feeds). */
    public Classification classify(String redactedText) {
        String[] pages = redactedText.split("\f");
        int nonBlank = 0;
        Set<DocumentClass> sections = EnumSet.noneOf(DocumentClass.class);
        for (String page : pages) {
            if (page.isBlank()) {
                continue;
            }
            nonBlank++;
            best(KeywordRules.scores(page), 2.0).ifPresent(sections::add);
        }
        Map<DocumentClass, Double> keywords = KeywordRules.scores(redactedText);
        boolean chart = nonBlank >= CHART_MIN_PAGES && (sections.size() >= CHART_MIN_SECTIONS
                || keywords.getOrDefault(DocumentClass.FULL_CHART, 0.0) >= 2);
        if (keywordWeight > 0 && chart) {
            double confidence = Math.min(0.95, 0.6 + 0.1 * sections.size());
            return new Classification(DocumentClass.FULL_CHART, confidence,
                    "structure: " + nonBlank + " pages of " + sections.size() + " record types");
        }

        float[] vector = embedder.embed(prepare(firstPage(redactedText)));
        Map<DocumentClass, Double> combined = new EnumMap<>(DocumentClass.class);
        double bestSimilarity = -1;
        for (Map.Entry<DocumentClass, float[]> centroid : centroids.entrySet()) {
            double similarity = Vectors.dot(vector, centroid.getValue());
            bestSimilarity = Math.max(bestSimilarity, similarity);
            double keyword = Math.min(KEYWORD_CAP, keywords.getOrDefault(centroid.getKey(), 0.0));
            combined.put(centroid.getKey(), similarity + keywordWeight * keyword);
        }
        if (bestSimilarity < MIN_SIMILARITY && keywords.isEmpty()) {
            return new Classification(DocumentClass.OTHER, 0.0, "no resemblance to any known document type");
        }
        DocumentClass top = null;
        double topScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<DocumentClass, Double> entry : combined.entrySet()) {
            if (entry.getValue() > topScore) {
                top = entry.getKey();
                topScore = entry.getValue();
            }
        }
        double partition = 0;
        for (double score : combined.values()) {
            partition += Math.exp((score - topScore) / TEMPERATURE);
        }
        double confidence = Math.min(1.0, 1.0 / partition);
        String basis = keywords.containsKey(top) ? "embedding and keyword cues" : "embedding";
        return new Classification(top, confidence, basis);
    }

    /** Type words for placeholders, so {@code [PERSON_3f9a]} reads as "person". */
    static String prepare(String text) {
        String words = PLACEHOLDER.matcher(text).replaceAll(match -> match.group(1).toLowerCase().replace('_', ' '));
        String collapsed = words.replaceAll("\\s+", " ").strip();
        return collapsed.length() > EMBEDDED_CHARS ? collapsed.substring(0, EMBEDDED_CHARS) : collapsed;
    }

    private static String firstPage(String text) {
        for (String page : text.split("\f")) {
            if (!page.isBlank()) {
                return page;
            }
        }
        return text;
    }

    private static java.util.Optional<DocumentClass> best(Map<DocumentClass, Double> scores, double minimum) {
        return scores.entrySet().stream()
                .filter(entry -> SECTION_CLASSES.contains(entry.getKey()) && entry.getValue() >= minimum)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }

    private static float[] add(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
