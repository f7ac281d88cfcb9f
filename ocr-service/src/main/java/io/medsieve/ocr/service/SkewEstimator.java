package io.medsieve.ocr.service;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Estimates small skew (a crooked feed) by projection profiles: text lines are horizontal exactly when the ink,
 * projected on the vertical axis, is most concentrated. Works on a subsample of the page, so it costs a few
 * milliseconds, and stays in Java so no second native library is involved.
 */
final class SkewEstimator {

    private static final double MAX_DEGREES = 5.0;
    private static final double STEP_DEGREES = 0.1;
    private static final int SAMPLE_WIDTH = 800;
    private static final int MIN_INK_POINTS = 300;

    /** Clockwise skew of the content in degrees (image y axis pointing down), 0 when there is too little ink. */
    double estimate(BufferedImage grey) {
        int width = grey.getWidth();
        int height = grey.getHeight();
        byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        int step = Math.max(1, width / SAMPLE_WIDTH);
        int capacity = (width / step + 1) * (height / step + 1);
        int[] xs = new int[Math.min(capacity, 400_000)];
        int[] ys = new int[xs.length];
        int count = 0;
        for (int y = 0; y < height && count < xs.length; y += step) {
            for (int x = 0; x < width && count < xs.length; x += step) {
                if ((pixels[y * width + x] & 0xff) < 128) {
                    xs[count] = x / step;
                    ys[count] = y / step;
                    count++;
                }
            }
        }
        if (count < MIN_INK_POINTS) {
            return 0;
        }
        int rows = height / step + width / step + 2;
        int offset = width / step + 1;
        double best = 0;
        double bestScore = -1;
        double straightScore = 0;
        for (double angle = -MAX_DEGREES; angle <= MAX_DEGREES + 1e-9; angle += STEP_DEGREES) {
            double radians = Math.toRadians(angle);
            double sin = Math.sin(radians);
            double cos = Math.cos(radians);
            int[] profile = new int[rows];
            for (int i = 0; i < count; i++) {
                int row = (int) Math.round(ys[i] * cos - xs[i] * sin) + offset;
                if (row >= 0 && row < rows) {
                    profile[row]++;
                }
            }
            double score = 0;
            for (int value : profile) {
                score += (double) value * value;
            }
            if (Math.abs(angle) < 1e-6) {
                straightScore = score;
            }
            if (score > bestScore) {
                bestScore = score;
                best = angle;
            }
        }
        // A page whose profile is no sharper at any angle than straight (blank, a photo) is taken as straight.
        if (bestScore <= straightScore) {
            return 0;
        }
        return Math.round(best * 10.0) / 10.0;
    }
}
