package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiType;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reduces an identifier to the form that decides its placeholder, so the same fact written differently gets the
 * same placeholder: "Dr. Zora QUIBBLEWICK" and "Quibblewick, Zora" are one person, "(555) 010-4477" and
 * "555.010.4477" one phone, "03/14/1958" and "March 14, 1958" one date.
 *
 * <p>Rules per type: every value is Unicode-compatibility normalised (NFKC), case-folded and whitespace-collapsed.
 * Names lose titles (Dr, Mrs ...) and trailing credentials (MD, RN ...), "Last, First" is turned around, and only
 * letters, hyphens and apostrophes remain. Dates become ISO 8601 where {@link ClinicalDate} can parse them. Phone,
 * fax, SSN and ZIP keep digits only (a leading US country code 1 is dropped from 11-digit phones). Record, plan,
 * account, licence, vehicle, device and other identifiers keep letters and digits, without separators: digits
 * alone would merge "A-1234" and "B-1234" into one placeholder and re-identify one as the other. E-mail, URLs and
 * IP addresses are case-folded (URLs also lose scheme, {@code www.} and a trailing slash). Addresses and places
 * lose punctuation.
 */
public final class ValueNormalizer {

    private static final Set<String> TITLES = Set.of("dr", "drs", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof",
            "professor", "sir", "dame", "rev", "sr", "sister", "nurse");
    private static final Set<String> CREDENTIALS = Set.of("md", "do", "rn", "np", "pa", "phd", "dds", "dmd", "rrt",
            "licsw", "lpn", "cnm", "crna", "pharmd", "mph", "facp", "facs", "pac", "aprn", "fnp", "msw", "lcsw");

    private ValueNormalizer() {
    }

    /** The normalised form of {@code value} as an identifier of {@code type}. */
    public static String normalise(PhiType type, String value) {
        String base = fold(value);
        return switch (type) {
            case NAME -> name(base);
            case DATE -> ClinicalDate.parse(value).map(ClinicalDate::iso).orElse(base);
            case PHONE, FAX -> phone(base);
            case SSN, ZIP, AGE_OVER_89 -> digitsOr(base);
            case MRN, HEALTH_PLAN_ID, ACCOUNT_NUMBER, LICENSE_NUMBER, VEHICLE_ID, DEVICE_ID, BIOMETRIC_ID,
                 PHOTO_REFERENCE, OTHER_ID -> alphanumeric(base);
            case EMAIL, IP_ADDRESS -> trimDots(base);
            case URL -> url(base);
            case STREET_ADDRESS, CITY, LOCATION -> collapse(base.replaceAll("[.,;:#]", " "));
        };
    }

    /** NFKC, lower case, one space between words. */
    private static String fold(String value) {
        return collapse(Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
    }

    private static String collapse(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String name(String base) {
        String s = base;
        int comma = s.indexOf(',');
        if (comma > 0) {
            String before = s.substring(0, comma).strip();
            String after = s.substring(comma + 1).strip();
            // "Quibblewick, Zora" is turned around; "Zora Quibblewick, MD" only loses its credential below.
            if (!after.isEmpty() && !CREDENTIALS.contains(after.replaceAll("[^a-z]", ""))) {
                s = after + " " + before;
            } else {
                s = before + " " + after;
            }
        }
        s = s.replaceAll("[^\\p{L}\\p{M}\\p{N}'\\- ]", " ");
        List<String> words = new ArrayList<>(Arrays.asList(collapse(s).split(" ")));
        while (words.size() > 1 && TITLES.contains(words.getFirst())) {
            words.removeFirst();
        }
        while (words.size() > 1 && CREDENTIALS.contains(words.getLast())) {
            words.removeLast();
        }
        return String.join(" ", words);
    }

    private static String phone(String base) {
        String digits = base.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            return base;
        }
        return digits.length() == 11 && digits.charAt(0) == '1' ? digits.substring(1) : digits;
    }

    private static String digitsOr(String base) {
        String digits = base.replaceAll("\\D", "");
        return digits.isEmpty() ? base : digits;
    }

    private static String alphanumeric(String base) {
        String kept = base.replaceAll("[^\\p{L}\\p{N}]", "");
        return kept.isEmpty() ? base : kept;
    }

    private static String trimDots(String base) {
        return base.replaceAll("^[.\\s]+|[.\\s]+$", "");
    }

    private static String url(String base) {
        return trimDots(base).replaceFirst("^(?:https?|ftp)://", "").replaceFirst("^www\\.", "")
                .replaceFirst("/+$", "");
    }
}
