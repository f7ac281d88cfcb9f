package io.medsieve.redaction.pdf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The residual rule on OCR-like text, without Tesseract. */
class ResidualRuleTest {

    @Test
    void wholeValueIsFoundWhateverPunctuationAndCaseTheOcrProduced() {
        assertThat(page("Phone: 555-010-4477").shows("(555) 010-4477")).isTrue();
        assertThat(page("PHONE (555)0104477").shows("(555) 010-4477")).isTrue();
        assertThat(page("dob 03.14.1958").shows("03/14/1958")).isTrue();
        assertThat(page("Patient: ZYXWA QUORBLE-K7M2Q9").shows("Zyxwa Quorble-k7m2q9")).isTrue();
        assertThat(page("ＭＲＮ－ＴＥＳＴ－００４２７３１").shows("MRN-TEST-0042731"))
                .as("NFKC folds full-width forms").isTrue();
    }

    @Test
    void anyDistinctiveWordOfAMultiWordValueIsAResidual() {
        assertThat(page("Patient: ███ Quorble-k7m2q9").shows("Zyxwa Quorble-k7m2q9")).isTrue();
        assertThat(page("MRN: ████ 0042731").shows("MRN-TEST-0042731")).isTrue();
        assertThat(page("Phone: ████ 4477").shows("(555) 010-4477")).isTrue();
        assertThat(page("glued: quorblek7m2q9").shows("Zyxwa Quorble-k7m2q9")).as("inside an OCR word").isTrue();
    }

    @Test
    void commonWordsShortWordsAndABareYearAreNotResiduals() {
        assertThat(page("42 Imaginary ███ Lane, Apt ██ Testville").shows("12 Other Lane, Apt 3B")).isFalse();
        assertThat(page("Born in 1958, seen today").shows("03/14/1958")).isFalse();
        assertThat(page("MRN: ████ TEST").shows("MRN-TEST-0042731")).isFalse();
        assertThat(page("Patient: ████ ████").shows("Zyxwa Quorble-k7m2q9")).isFalse();
    }

    @Test
    void shortValuesMustMatchWholeWords() {
        assertThat(page("Apt 3B").shows("3B")).isTrue();
        assertThat(page("room 13B7").shows("3B")).isFalse();
        assertThat(page("anything").shows("  --  ")).isFalse();
    }

    private static ResidualRule.PageText page(String ocrText) {
        return new ResidualRule.PageText(ocrText);
    }
}
