package io.medsieve.redaction.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date as written in a record, parsed far enough to normalise it (ISO) and to shift it while keeping the way it
 * was written: "03/14/1958" stays zero-padded month/day/year, "March 14th" keeps its month name and ordinal.
 *
 * <p>Why the original text is kept as a template: clinical dates come in many spellings, and a shifted date that
 * reads differently from its neighbours gives the shift away. Rendering replaces only the day, month and year
 * digits or names inside the original string, so separators, spacing and punctuation stay exactly as they were.
 *
 * <p>Numeric dates whose first two parts could both be a month are read month first (US order, as the samples and
 * the detection engine assume); a first part above 12 is read day first. Two-digit years above the current
 * two-digit year belong to the 1900s. A date without a year is placed in a leap year for shifting, so 29 February
 * shifts like any other day; it is rendered without a year again.
 */
public final class ClinicalDate {

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final Pattern ISO = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([-/.])(\\d{1,2})(?:\\2(\\d{4}|\\d{2}))?");
    private static final Pattern MONTH_DAY = Pattern.compile("(?i)" + MONTH + "\\.?\\s+(\\d{1,2})(st|nd|rd|th)?"
            + "(?:,?\\s+'?(\\d{4}|\\d{2}))?");
    private static final Pattern DAY_MONTH = Pattern.compile("(?i)(\\d{1,2})(st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH
            + "\\.?,?(?:\\s+'?(\\d{4}|\\d{2}))?");
    private static final int LEAP_YEAR = 2000;

    private enum Part { DAY, MONTH_NUMBER, MONTH_NAME, YEAR, ORDINAL }

    /** Where one component sits in the original text. */
    private record Slot(Part part, int start, int end) {
    }

    private final String original;
    private final LocalDate date;
    private final boolean hasYear;
    private final List<Slot> slots;

    private ClinicalDate(String original, LocalDate date, boolean hasYear, List<Slot> slots) {
        this.original = original;
        this.date = date;
        this.hasYear = hasYear;
        this.slots = List.copyOf(slots);
    }

    /** Parses a whole string as one date; empty when it is not a date this class can rewrite. */
    public static Optional<ClinicalDate> parse(String text) {
        String s = text.strip();
        try {
            Matcher m = ISO.matcher(s);
            if (m.matches()) {
                return Optional.of(of(s, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), true, List.of(slot(Part.YEAR, m, 1),
                                slot(Part.MONTH_NUMBER, m, 3), slot(Part.DAY, m, 4))));
            }
            m = NUMERIC.matcher(s);
            if (m.matches()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(3));
                boolean monthFirst = a <= 12;
                List<Slot> slots = new ArrayList<>();
                slots.add(slot(monthFirst ? Part.MONTH_NUMBER : Part.DAY, m, 1));
                slots.add(slot(monthFirst ? Part.DAY : Part.MONTH_NUMBER, m, 3));
                boolean hasYear = m.group(4) != null;
                if (hasYear) {
                    slots.add(slot(Part.YEAR, m, 4));
                }
                int year = hasYear ? year(m.group(4)) : LEAP_YEAR;
                return Optional.of(monthFirst ? of(s, year, a, b, hasYear, slots) : of(s, year, b, a, hasYear, slots));
            }
            m = MONTH_DAY.matcher(s);
            if (m.matches()) {
                List<Slot> slots = new ArrayList<>(List.of(slot(Part.MONTH_NAME, m, 1), slot(Part.DAY, m, 2)));
                if (m.group(3) != null) {
                    slots.add(slot(Part.ORDINAL, m, 3));
                }
                boolean hasYear = m.group(4) != null;
                if (hasYear) {
                    slots.add(slot(Part.YEAR, m, 4));
                }
                return Optional.of(of(s, hasYear ? year(m.group(4)) : LEAP_YEAR, month(m.group(1)),
                        Integer.parseInt(m.group(2)), hasYear, slots));
            }
            m = DAY_MONTH.matcher(s);
            if (m.matches()) {
                List<Slot> slots = new ArrayList<>(List.of(slot(Part.DAY, m, 1), slot(Part.MONTH_NAME, m, 3)));
                if (m.group(2) != null) {
                    slots.add(slot(Part.ORDINAL, m, 2));
                }
                boolean hasYear = m.group(4) != null;
                if (hasYear) {
                    slots.add(slot(Part.YEAR, m, 4));
                }
                return Optional.of(of(s, hasYear ? year(m.group(4)) : LEAP_YEAR, month(m.group(3)),
                        Integer.parseInt(m.group(1)), hasYear, slots));
            }
        } catch (DateTimeException e) {
            // 02/30/2001 and the like: not a calendar date, so it cannot be shifted or normalised to ISO.
        }
        return Optional.empty();
    }

    /** ISO 8601: {@code 1958-03-14}, or {@code --03-14} for a date written without a year. */
    public String iso() {
        return hasYear ? date.toString() : String.format(Locale.ROOT, "--%02d-%02d", date.getMonthValue(),
                date.getDayOfMonth());
    }

    /** The calendar date (in a leap year when written without one). */
    public LocalDate date() {
        return date;
    }

    /** This date moved by {@code days}, written the way the original was. */
    public String shiftedBy(int days) {
        return render(date.plusDays(days));
    }

    private String render(LocalDate value) {
        boolean padded = false;
        for (Slot s : slots) {
            if ((s.part == Part.DAY || s.part == Part.MONTH_NUMBER) && original.charAt(s.start) == '0') {
                padded = true;
            }
        }
        StringBuilder out = new StringBuilder(original);
        List<Slot> rightToLeft = new ArrayList<>(slots);
        rightToLeft.sort((x, y) -> Integer.compare(y.start, x.start));
        for (Slot s : rightToLeft) {
            String was = original.substring(s.start, s.end);
            String now = switch (s.part) {
                case DAY -> number(value.getDayOfMonth(), padded);
                case MONTH_NUMBER -> number(value.getMonthValue(), padded);
                case MONTH_NAME -> monthName(value.getMonthValue(), was);
                case YEAR -> was.length() == 2 ? String.format(Locale.ROOT, "%02d", value.getYear() % 100)
                        : Integer.toString(value.getYear());
                case ORDINAL -> sameCase(ordinal(value.getDayOfMonth()), was);
            };
            out.replace(s.start, s.end, now);
        }
        return out.toString();
    }

    private static ClinicalDate of(String text, int year, int month, int day, boolean hasYear, List<Slot> slots) {
        return new ClinicalDate(text, LocalDate.of(year, month, day), hasYear, slots);
    }

    private static Slot slot(Part part, Matcher m, int group) {
        return new Slot(part, m.start(group), m.end(group));
    }

    private static int year(String digits) {
        int y = Integer.parseInt(digits);
        if (digits.length() == 4) {
            return y;
        }
        int now = Year.now().getValue();
        return y > now % 100 ? 1900 + y : 2000 + y;
    }

    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].startsWith(lower.substring(0, 3))) {
                return i + 1;
            }
        }
        throw new DateTimeException("unknown month");
    }

    private static String number(int value, boolean padded) {
        return padded ? String.format(Locale.ROOT, "%02d", value) : Integer.toString(value);
    }

    /** Full name when the original was spelled out, else the three-letter form; in the original's case. */
    private static String monthName(int month, String was) {
        String full = MONTHS[month - 1];
        boolean spelledOut = MONTHS[month(was) - 1].equalsIgnoreCase(was);
        String name = spelledOut ? full : full.substring(0, 3);
        return sameCase(name, was);
    }

    private static String ordinal(int day) {
        if (day >= 11 && day <= 13) {
            return "th";
        }
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static String sameCase(String lower, String was) {
        if (was.equals(was.toUpperCase(Locale.ROOT))) {
            return lower.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(was.charAt(0))) {
            return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        }
        return lower;
    }
}
