package io.medsieve.redaction.detect;

import java.util.function.Predicate;

/**
 * Check-digit and range validators for identifier numbers. A number that passes is much more likely to be a real
 * identifier than a lab value or a dose, so validated patterns get a higher confidence. Input may contain
 * separators (spaces, dashes); only digits (and letters where the scheme has them) are read.
 */
public enum Checksum implements Predicate<String> {

    /** Payment card and many account numbers (ISO/IEC 7812). */
    LUHN {
        @Override
        public boolean test(String value) {
            String digits = digitsOf(value);
            return digits.length() >= 12 && digits.length() <= 19 && luhn(digits);
        }
    },
    /** National Provider Identifier: 10 digits, Luhn over the number prefixed with 80840. */
    NPI {
        @Override
        public boolean test(String value) {
            String digits = digitsOf(value);
            return digits.length() == 10 && (digits.charAt(0) == '1' || digits.charAt(0) == '2')
                    && luhn("80840" + digits);
        }
    },
    /** DEA registration: two letters, seven digits; (d1+d3+d5) + 2*(d2+d4+d6) ends in d7. */
    DEA {
        @Override
        public boolean test(String value) {
            String v = value.strip().toUpperCase();
            if (v.length() != 9 || !Character.isLetter(v.charAt(0))
                    || !(Character.isLetter(v.charAt(1)) || v.charAt(1) == '9')) {
                return false;
            }
            int[] d = new int[7];
            for (int i = 0; i < 7; i++) {
                char c = v.charAt(i + 2);
                if (c < '0' || c > '9') {
                    return false;
                }
                d[i] = c - '0';
            }
            int sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
            return sum % 10 == d[6];
        }
    },
    /** US SSN: area not 000, 666 or 900-999; group not 00; serial not 0000. */
    SSN {
        @Override
        public boolean test(String value) {
            String digits = digitsOf(value);
            if (digits.length() != 9) {
                return false;
            }
            int area = Integer.parseInt(digits.substring(0, 3));
            int group = Integer.parseInt(digits.substring(3, 5));
            int serial = Integer.parseInt(digits.substring(5));
            return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
        }
    };

    private static String digitsOf(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            } else if (c != ' ' && c != '-' && c != '.') {
                return "";
            }
        }
        return sb.toString();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
