package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consistent per-patient date shifting: every date of one patient moves by the same number of days, so intervals
 * (days between admission and discharge, age at an event within a year) survive while the real dates do not.
 *
 * <p>The offset is keyed: HMAC-SHA256 under a tenant key reserved for date shifting over the patient's normalised
 * identifier (MRN when one was detected, else the patient's name). It is the same in every document of that
 * patient, differs between patients and tenants, cannot be recomputed without the key, lies within
 * {@code ±maxDays} and is never 0 (a zero shift would publish the real dates).
 */
public final class DateShifter {

    private DateShifter() {
    }

    /**
     * @param mac        keyed HMAC-SHA256 under the tenant's date-shift key
     * @param patientKey the patient's normalised identifier
     * @param maxDays    largest shift, at least 1
     * @return a shift in {@code [-maxDays, -1] ∪ [1, maxDays]}
     */
    public static int offsetDays(Function<byte[], byte[]> mac, String patientKey, int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("maxDays must be at least 1");
        }
        long bits = ByteBuffer.wrap(mac.apply(patientKey.getBytes(StandardCharsets.UTF_8))).getLong();
        long slot = Long.remainderUnsigned(bits, 2L * maxDays);
        return slot < maxDays ? (int) -(slot + 1) : (int) (slot - maxDays + 1);
    }

    /**
     * Whose dates these are: the first MRN of the document, else the first name found after a "Patient:"/"Name:"
     * label, else the first name at all; normalised and prefixed with its type. Empty when the document names no
     * patient, in which case its dates get placeholders (a shift needs a patient to be consistent for).
     *
     * @param texts page texts
     * @param spans each page's spans, as the engine returned them
     */
    public static Optional<String> patientKey(List<String> texts, List<List<PhiSpan>> spans) {
        Optional<String> mrn = first(texts, spans, PhiType.MRN, null);
        if (mrn.isPresent()) {
            return mrn;
        }
        Optional<String> labelled = first(texts, spans, PhiType.NAME, "name.label");
        return labelled.isPresent() ? labelled : first(texts, spans, PhiType.NAME, null);
    }

    private static Optional<String> first(List<String> texts, List<List<PhiSpan>> spans, PhiType type,
                                          String detector) {
        for (int page = 0; page < texts.size(); page++) {
            for (PhiSpan span : spans.get(page)) {
                if (span.type() == type && (detector == null || detector.equals(span.detector()))) {
                    String value = texts.get(page).substring(span.start(), span.end());
                    return Optional.of(type.name() + ":" + ValueNormalizer.normalise(type, value));
                }
            }
        }
        return Optional.empty();
    }
}
