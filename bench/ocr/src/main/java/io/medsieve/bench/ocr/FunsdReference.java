package io.medsieve.bench.ocr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reference text of a FUNSD annotation in ocr_eval.py's approximate reading order: words clustered into lines by
 * vertical overlap, then left to right.
 */
record FunsdReference(Path annotation) {

    private record Word(String text, double x0, double y0, double x1, double y1) {
        double centreY() {
            return (y0 + y1) / 2;
        }
    }

    String text() throws IOException {
        JsonNode form = new ObjectMapper().readTree(annotation.toFile()).path("form");
        List<Word> words = new ArrayList<>();
        for (JsonNode entity : form) {
            for (JsonNode word : entity.path("words")) {
                String text = word.path("text").asText("");
                if (!text.isBlank()) {
                    JsonNode box = word.path("box");
                    words.add(new Word(text, box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(),
                            box.get(3).asDouble()));
                }
            }
        }
        words.sort(Comparator.comparingDouble(Word::centreY));
        List<double[]> bounds = new ArrayList<>();
        List<List<Word>> lines = new ArrayList<>();
        for (Word word : words) {
            if (!lines.isEmpty()) {
                double[] last = bounds.getLast();
                if (last[0] <= word.centreY() && word.centreY() <= last[1]) {
                    lines.getLast().add(word);
                    last[0] = Math.min(last[0], word.y0());
                    last[1] = Math.max(last[1], word.y1());
                    continue;
                }
            }
            bounds.add(new double[] {word.y0(), word.y1()});
            lines.add(new ArrayList<>(List.of(word)));
        }
        return lines.stream()
                .map(line -> line.stream().sorted(Comparator.comparingDouble(Word::x0)).map(Word::text)
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.joining("\n"));
    }
}
