package io.medsieve.ocr.service;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Turns a decoded page into what Tesseract reads best: 8-bit grey, at least the minimum resolution (faxes and
 * phone snaps are upsampled), upright and straight. Every step returns a new image; inputs are not modified.
 */
final class PagePreprocessor {

    /** Skew below this is left alone: Tesseract copes with it and resampling would only blur. */
    private static final double MIN_DESKEW_DEGREES = 0.3;

    private final SkewEstimator skew = new SkewEstimator();

    /** 8-bit greyscale with a plain byte raster (what {@code TessBaseAPISetImage} takes without copying rows). */
    BufferedImage toGrey(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && image.getRaster().getDataBuffer().getNumBanks() == 1
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0
                && image.getRaster().getWidth() == image.getWidth()) {
            return image;
        }
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        try {
            g.setColor(Color.WHITE); // transparent pixels become paper, not ink
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return grey;
    }

    /** Scales a grey image by {@code factor} with bicubic interpolation. */
    BufferedImage scale(BufferedImage grey, double factor) {
        int width = Math.max(1, (int) Math.round(grey.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(grey.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(grey, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    /** Rotates clockwise by a multiple of 90 degrees; the canvas turns with it. */
    BufferedImage rotateClockwise(BufferedImage grey, int degrees) {
        int quarterTurns = Math.floorMod(degrees, 360) / 90;
        if (quarterTurns == 0) {
            return grey;
        }
        boolean swap = quarterTurns % 2 == 1;
        int width = swap ? grey.getHeight() : grey.getWidth();
        int height = swap ? grey.getWidth() : grey.getHeight();
        BufferedImage rotated = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = rotated.createGraphics();
        try {
            AffineTransform transform = AffineTransform.getQuadrantRotateInstance(quarterTurns);
            // Move the rotated image back into the positive quadrant.
            switch (quarterTurns) {
                case 1 -> transform.preConcatenate(AffineTransform.getTranslateInstance(width, 0));
                case 2 -> transform.preConcatenate(AffineTransform.getTranslateInstance(width, height));
                default -> transform.preConcatenate(AffineTransform.getTranslateInstance(0, height));
            }
            g.drawImage(grey, transform, null);
        } finally {
            g.dispose();
        }
        return rotated;
    }

    /** The page's clockwise skew in degrees, or 0 if too small to be worth correcting. */
    double skewDegrees(BufferedImage grey) {
        double degrees = skew.estimate(grey);
        return Math.abs(degrees) < MIN_DESKEW_DEGREES ? 0 : degrees;
    }

    /** Turns the content back by {@code skewDegrees} around the centre; the canvas keeps its size, corners go white. */
    BufferedImage deskew(BufferedImage grey, double skewDegrees) {
        if (skewDegrees == 0) {
            return grey;
        }
        BufferedImage straight = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = straight.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grey.getWidth(), grey.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.rotate(Math.toRadians(-skewDegrees), grey.getWidth() / 2.0, grey.getHeight() / 2.0);
            g.drawImage(grey, 0, 0, null);
        } finally {
            g.dispose();
        }
        return straight;
    }
}
