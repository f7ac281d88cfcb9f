package io.medsieve.bench.pipeline;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's latency table as a picture (Java2D, no charting library): per stage, the p50 of each run as a
 * bar and its p95 as a whisker, one colour per number of instances of the scaled stage, on a log scale because stages differ by
 * orders of magnitude.
 */
final class LatencyChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 90;
    private static final Color[] RUN_COLOURS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868)};

    private final List<String> stages;
    private final String scaledService;

    LatencyChart(List<String> stages, String scaledService) {
        this.stages = stages;
        this.scaledService = scaledService;
    }

    void write(List<PipelineBenchmark.RunResult> runs, Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        long max = 10;
        for (PipelineBenchmark.RunResult run : runs) {
            for (String stage : stages) {
                max = Math.max(max, PipelineBenchmark.percentile(run.stageMillis().get(stage), 95));
            }
        }
        double top = Math.pow(10, Math.ceil(Math.log10(max)));
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("MedSieve pipeline latency per stage: bar p50, whisker p95 (ms, log scale)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double tick = 1; tick <= top; tick *= 10) {
            int y = y(tick, top, plotHeight);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%,.0f", tick), 10, y + 4);
        }

        int group = plotWidth / stages.size();
        int bar = Math.max(8, (group - 20) / Math.max(1, runs.size()));
        for (int s = 0; s < stages.size(); s++) {
            int x0 = LEFT + s * group + 10;
            for (int r = 0; r < runs.size(); r++) {
                List<Long> values = runs.get(r).stageMillis().get(stages.get(s));
                long p50 = PipelineBenchmark.percentile(values, 50);
                long p95 = PipelineBenchmark.percentile(values, 95);
                if (p50 < 0) {
                    continue;
                }
                int x = x0 + r * bar;
                int y50 = y(Math.max(1, p50), top, plotHeight);
                g.setColor(RUN_COLOURS[r % RUN_COLOURS.length]);
                g.fillRect(x, y50, bar - 4, TOP + plotHeight - y50);
                int y95 = y(Math.max(1, p95), top, plotHeight);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2));
                int mid = x + (bar - 4) / 2;
                g.drawLine(mid, y50, mid, y95);
                g.drawLine(mid - 5, y95, mid + 5, y95);
            }
            g.setColor(Color.BLACK);
            g.drawString(stages.get(s), x0, TOP + plotHeight + 20);
        }
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);

        int legendY = HEIGHT - 35;
        for (int r = 0; r < runs.size(); r++) {
            PipelineBenchmark.RunResult run = runs.get(r);
            int x = LEFT + r * 380;
            g.setColor(RUN_COLOURS[r % RUN_COLOURS.length]);
            g.fillRect(x, legendY - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%d %s: %.3f documents/s, %.2f pages/s", run.instances(), scaledService,
                    run.documentsPerSecond(), run.pages() / run.seconds()), x + 20, legendY);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static int y(double millis, double top, int plotHeight) {
        double fraction = Math.log10(millis) / Math.log10(top);
        return TOP + plotHeight - (int) Math.round(fraction * plotHeight);
    }
}
