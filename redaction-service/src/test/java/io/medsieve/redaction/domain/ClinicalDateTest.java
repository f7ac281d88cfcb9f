package io.medsieve.redaction.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A shifted date must read like the original: same separators, padding, month spelling and case. */
class ClinicalDateTest {

    @Test
    void shiftsKeepTheWrittenFormat() {
        assertThat(shift("03/14/1958", 30)).isEqualTo("04/13/1958");
        assertThat(shift("3/14/1958", -14)).isEqualTo("2/28/1958");
        assertThat(shift("3-14-58", 1)).isEqualTo("3-15-58");
        assertThat(shift("1958-03-14", 20)).isEqualTo("1958-04-03");
        assertThat(shift("March 14, 1958", 18)).isEqualTo("April 1, 1958");
        assertThat(shift("MAR 14 1958", 18)).isEqualTo("APR 1 1958");
        assertThat(shift("14 March 1958", -14)).isEqualTo("28 February 1958");
        assertThat(shift("March 14th", 8)).isEqualTo("March 22nd");
        assertThat(shift("31/12/1999", 1)).isEqualTo("1/1/2000");
        // Zero padding is kept where a leading zero shows it; "12/31" alone does not.
        assertThat(shift("12/31/1999", 1)).isEqualTo("1/1/2000");
        assertThat(shift("12/09/1999", 23)).isEqualTo("01/01/2000");
        assertThat(shift("June 3", 1)).isEqualTo("June 4");
    }

    @Test
    void dateWithoutYearShiftsAcrossLeapDay() {
        assertThat(shift("2/28", 1)).isEqualTo("2/29");
    }

    @Test
    void impossibleOrFreeTextDatesAreNotParsed() {
        assertThat(ClinicalDate.parse("02/30/2001")).isEmpty();
        assertThat(ClinicalDate.parse("Christmas")).isEmpty();
        assertThat(ClinicalDate.parse("the 11th")).isEmpty();
    }

    private static String shift(String date, int days) {
        return ClinicalDate.parse(date).orElseThrow().shiftedBy(days);
    }
}
