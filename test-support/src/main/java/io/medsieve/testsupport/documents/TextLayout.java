package io.medsieve.testsupport.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Greedy word wrapper shared by the PDF and the raster renderer.
 *
 * <p>It is shared, and returns the lines it produced, so that the ground truth handed to tests is
 * exactly what was drawn: if the two renderers wrapped independently the "expected" text could
 * silently diverge from the page. Runs of spaces inside a line are kept (monospaced tables stay
 * aligned); the space at which a line is broken is dropped, as a typesetter would.
 *
 * <p>A source line starting with {@value #HEADING_PREFIX} is drawn as a bold heading and the prefix
 * itself is not part of the ground truth.
 */
final class TextLayout {

    static final String HEADING_PREFIX = "# ";

    private static final Pattern WORD = Pattern.compile("(\\s*)(\\S+)");

    /** One drawn line; {@code heading} lines use the bold, larger font. */
    record Line(String text, boolean heading) {
    }

    private TextLayout() {
    }

    /**
     * @param width measures a string in the same units as {@code maxWidth}; the boolean says whether the
     *              heading font applies
     */
    static List<Line> wrap(String text, double maxWidth, BiFunction<String, Boolean, Double> width) {
        List<Line> out = new ArrayList<>();
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n').replace("\t", "    ");
        for (String raw : normalised.split("\n", -1)) {
            boolean heading = raw.startsWith(HEADING_PREFIX);
            String para = (heading ? raw.substring(HEADING_PREFIX.length()) : raw).stripTrailing();
            if (para.isEmpty()) {
                out.add(new Line("", heading));
                continue;
            }
            StringBuilder line = new StringBuilder();
            Matcher m = WORD.matcher(para);
            while (m.find()) {
                String gap = m.group(1);
                String word = m.group(2);
                String candidate = line + gap + word;
                if (width.apply(candidate, heading) <= maxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty() && !line.toString().isBlank()) {
                    out.add(new Line(line.toString(), heading));
                    line.setLength(0);
                } else {
                    line.setLength(0);
                }
                // A word wider than the whole line is split by characters; the break is real layout, so the
                // ground truth carries it too.
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    String next = line + new String(Character.toChars(cp));
                    if (!line.isEmpty() && width.apply(next, heading) > maxWidth) {
                        out.add(new Line(line.toString(), heading));
                        line.setLength(0);
                        continue;
                    }
                    line.appendCodePoint(cp);
                    i += Character.charCount(cp);
                }
            }
            out.add(new Line(line.toString(), heading));
        }
        return out;
    }

    static String groundTruth(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(lines.get(i).text());
        }
        return sb.toString();
    }
}
