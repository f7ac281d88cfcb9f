package io.medsieve.testsupport.documents;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;
import java.util.Random;

/**
 * Draws text the way a scanner would have captured a typed page, plus the geometric and noise
 * degradations OCR has to cope with.
 *
 * <p>Everything is greyscale (or 1-bit) because that is what document scanners and fax gateways emit,
 * and it keeps fixtures small enough to commit.
 */
final class Raster {

    /** The rendered image and the exact text that was drawn on it. */
    record Page(BufferedImage image, String groundTruth) {
    }

    static final float LEADING = 1.35f;
    static final float HEADING_SCALE = 1.3f;

    private Raster() {
    }

    static Page render(String text, RasterOptions o) {
        PageSize size = o.pageSize();
        int w = size.widthPx(o.dpi());
        int h = size.heightPx(o.dpi());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        String truth;
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.BLACK);
            hints(g);
            float px = o.fontPoints() * o.dpi() / 72f;
            Font body = new Font(o.fontFamily(), Font.PLAIN, 1).deriveFont(px);
            Font bold = new Font(o.fontFamily(), Font.BOLD, 1).deriveFont(px * HEADING_SCALE);
            FontRenderContext frc = g.getFontRenderContext();
            float margin = size.marginPt() * o.dpi() / 72f;
            List<TextLayout.Line> lines = TextLayout.wrap(text, w - 2 * margin,
                    (s, heading) -> (heading ? bold : body).getStringBounds(s, frc).getWidth());
            float y = margin;
            for (TextLayout.Line line : lines) {
                Font f = line.heading() ? bold : body;
                float lineHeight = f.getSize2D() * LEADING;
                if (y + lineHeight > h - margin + 0.5f) {
                    throw new IllegalArgumentException("text does not fit on one " + size.name()
                            + " page at " + o.fontPoints() + "pt; split it into more pages");
                }
                g.setFont(f);
                g.drawString(line.text(), margin, y + g.getFontMetrics().getAscent());
                y += lineHeight;
            }
            truth = TextLayout.groundTruth(lines);
        } finally {
            g.dispose();
        }
        BufferedImage out = img;
        if (o.skewDegrees() != 0) {
            out = rotate(out, o.skewDegrees(), false);
        }
        if (o.noise() > 0) {
            speckle(out, o.noise(), o.seed());
        }
        if (o.bitonal()) {
            out = threshold(out, 150);
        }
        return new Page(out, truth);
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /**
     * Rotates clockwise (as the page would look turned on the scanner glass). With {@code expand} the
     * canvas grows to hold the whole page (a 90 degree scan); without it the canvas keeps its size and the
     * corners are filled white (a skewed feed).
     */
    static BufferedImage rotate(BufferedImage src, double degrees, boolean expand) {
        BufferedImage grey = toGrey(src);
        double rad = Math.toRadians(degrees);
        boolean quadrant = degrees % 90 == 0;
        double sin = quadrant ? Math.rint(Math.abs(Math.sin(rad))) : Math.abs(Math.sin(rad));
        double cos = quadrant ? Math.rint(Math.abs(Math.cos(rad))) : Math.abs(Math.cos(rad));
        int w = expand ? (int) Math.round(grey.getWidth() * cos + grey.getHeight() * sin) : grey.getWidth();
        int h = expand ? (int) Math.round(grey.getWidth() * sin + grey.getHeight() * cos) : grey.getHeight();
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, quadrant
                    ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
                    : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform t = new AffineTransform();
            t.translate(w / 2.0, h / 2.0);
            if (quadrant) {
                t.quadrantRotate((int) Math.round(degrees / 90));
            } else {
                t.rotate(rad);
            }
            t.translate(-grey.getWidth() / 2.0, -grey.getHeight() / 2.0);
            g.drawImage(grey, t, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /** Black single-pixel specks at seeded random positions; deterministic so OCR failures reproduce. */
    static void speckle(BufferedImage img, double fraction, long seed) {
        WritableRaster r = img.getRaster();
        Random random = new Random(seed);
        long count = Math.round(fraction * img.getWidth() * img.getHeight());
        for (long i = 0; i < count; i++) {
            int x = random.nextInt(img.getWidth());
            int y = random.nextInt(img.getHeight());
            r.setSample(x, y, 0, 0);
            if (random.nextInt(4) == 0 && x + 1 < img.getWidth()) {
                r.setSample(x + 1, y, 0, 0);
            }
        }
    }

    /** Converts to 1-bit the way a fax gateway does: a fixed threshold, no dithering. */
    static BufferedImage threshold(BufferedImage src, int level) {
        BufferedImage grey = toGrey(src);
        BufferedImage bw = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        int[] row = new int[grey.getWidth()];
        WritableRaster in = grey.getRaster();
        WritableRaster out = bw.getRaster();
        for (int y = 0; y < grey.getHeight(); y++) {
            in.getSamples(0, y, row.length, 1, 0, row);
            for (int x = 0; x < row.length; x++) {
                row[x] = row[x] < level ? 0 : 1;
            }
            out.setSamples(0, y, row.length, 1, 0, row);
        }
        return bw;
    }

    static BufferedImage toGrey(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return src;
        }
        BufferedImage grey = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        try {
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return grey;
    }
}
