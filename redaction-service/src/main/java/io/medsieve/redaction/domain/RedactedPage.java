package io.medsieve.redaction.domain;

import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRedacted.RedactedEntity;
import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One page with its PHI replaced, and where each replacement now sits in the page's redacted text (offsets count
 * UTF-16 chars, as Java and JavaScript strings do).
 *
 * @param text     the redacted page text
 * @param entities the replacements, in reading order
 */
public record RedactedPage(String text, List<RedactedEntity> entities) {

    /** Suffix on the detector of a date that was shifted rather than replaced by its placeholder. */
    public static final String DATE_SHIFT_MARK = DocumentRedacted.DATE_SHIFT_DETECTOR_SUFFIX;

    public RedactedPage {
        entities = List.copyOf(entities);
    }

    /**
     * Replaces every span of {@code text} by its placeholder, or, for a date when {@code shiftDays} is present and
     * the date is parseable, by the shifted date written the same way. A shifted date's entity still names the
     * placeholder of the original date (which the map keeps), and its detector carries {@value #DATE_SHIFT_MARK}.
     *
     * @param spans sorted, non-overlapping spans as {@code PhiEngine.detect} returns them
     */
    public static RedactedPage of(int page, String text, List<PhiSpan> spans, PlaceholderIssuer issuer,
                                  OptionalInt shiftDays) {
        StringBuilder out = new StringBuilder(text.length());
        List<RedactedEntity> entities = new ArrayList<>(spans.size());
        int copied = 0;
        for (PhiSpan span : spans) {
            String value = text.substring(span.start(), span.end());
            String placeholder = issuer.issue(span.type(), value);
            String replacement = placeholder;
            String detector = span.detector();
            if (span.type() == PhiType.DATE && shiftDays.isPresent()) {
                var date = ClinicalDate.parse(value);
                if (date.isPresent()) {
                    replacement = date.get().shiftedBy(shiftDays.getAsInt());
                    detector = detector + DATE_SHIFT_MARK;
                }
            }
            out.append(text, copied, span.start());
            int start = out.length();
            out.append(replacement);
            entities.add(new RedactedEntity(span.type().name(), page, start, out.length(), placeholder,
                    span.confidence(), detector));
            copied = span.end();
        }
        out.append(text, copied, text.length());
        return new RedactedPage(out.toString(), entities);
    }

    /** No text in {@code toString}: a page printed by accident must not leak what was not redacted. */
    @Override
    public String toString() {
        return "RedactedPage[" + entities.size() + " entities]";
    }
}
