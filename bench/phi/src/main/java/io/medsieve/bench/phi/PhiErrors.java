package io.medsieve.bench.phi;

import io.medsieve.redaction.detect.EngineConfig;
import io.medsieve.redaction.detect.PhiEngine;
import io.medsieve.redaction.detect.PhiSpan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Lists the misses and false positives of {@link PhiEngine} on the tune quarter of the PhysioNet development half
 * only (see {@link PhiBenchmark#tuneQuarter}), with a little context, for error analysis. The check quarter is
 * deliberately never listed so it stays an honest test of rule changes.
 *
 * <p>Usage: {@code PhiErrors [corpusDir]}.
 */
public final class PhiErrors {

    private PhiErrors() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/phi-bench");
        PhiEngine engine = new PhiEngine(EngineConfig.defaults());
        for (PhiBenchmark.Note note : PhiBenchmark.physionet(root.resolve("physionet-deid-dev"))) {
            if (!PhiBenchmark.tuneQuarter(note)) {
                continue;
            }
            String text = note.text();
            List<PhiSpan> predicted = engine.detect(text);
            for (PhiBenchmark.Gold g : note.gold()) {
                boolean found = predicted.stream().anyMatch(p -> p.start() < g.end() && g.start() < p.end());
                if (!found && !g.type().equals("DateYear")) {
                    System.out.printf("MISS %-18s %-30s | %s%n", g.type(), text.substring(g.start(), g.end()),
                            context(text, g.start(), g.end()));
                }
            }
            for (PhiSpan p : predicted) {
                boolean hit = note.gold().stream().anyMatch(g -> p.start() < g.end() && g.start() < p.end());
                if (!hit) {
                    System.out.printf("FP   %-18s %-30s | %s%n", p.type() + "/" + p.detector(),
                            text.substring(p.start(), p.end()), context(text, p.start(), p.end()));
                }
            }
        }
    }

    private static String context(String text, int start, int end) {
        String before = text.substring(Math.max(0, start - 50), start);
        String after = text.substring(end, Math.min(text.length(), end + 40));
        return (before + "[[" + text.substring(start, end) + "]]" + after).replaceAll("\\s+", " ");
    }
}
