package io.medsieve.redaction.detect;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A precompiled regular expression that emits one span per match (of a chosen group).
 *
 * <p>Why optional validators and guards: a pattern alone cannot tell a card number from a long lab accession or a
 * date from a pain score. A validator (for example {@link Checksum#LUHN}) raises or lowers the confidence; a guard
 * looks at the surrounding text and vetoes the match. Patterns are written without nested unbounded quantifiers so
 * they run in linear time.
 */
public final class PatternDetector implements Detector {

    /** Looks at the text around a match and says whether to keep it. */
    @FunctionalInterface
    public interface Guard {
        boolean keep(String text, int start, int end);
    }

    private final String name;
    private final Pattern pattern;
    private final int group;
    private final PhiType type;
    private final double confidence;
    private final Predicate<String> validator;
    private final double confidenceIfInvalid;
    private final Guard guard;

    /**
     * @param validator           may be null; when it rejects the matched text the span gets
     *                            {@code confidenceIfInvalid} (0 drops it)
     * @param guard               may be null; vetoes matches by context
     */
    public PatternDetector(String name, Pattern pattern, int group, PhiType type, double confidence,
                           Predicate<String> validator, double confidenceIfInvalid, Guard guard) {
        this.name = name;
        this.pattern = pattern;
        this.group = group;
        this.type = type;
        this.confidence = confidence;
        this.validator = validator;
        this.confidenceIfInvalid = confidenceIfInvalid;
        this.guard = guard;
    }

    /** A plain pattern with neither validator nor guard. */
    public PatternDetector(String name, Pattern pattern, int group, PhiType type, double confidence) {
        this(name, pattern, group, type, confidence, null, 0.0, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void detect(String text, List<PhiSpan> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start(group);
            int end = m.end(group);
            if (start < 0 || end <= start) {
                continue;
            }
            if (guard != null && !guard.keep(text, start, end)) {
                continue;
            }
            double c = confidence;
            if (validator != null && !validator.test(text.substring(start, end))) {
                c = confidenceIfInvalid;
            }
            if (c > 0.0) {
                out.add(new PhiSpan(start, end, type, c, name));
            }
        }
    }
}
