package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiType;
import org.junit.jupiter.api.Test;

import static io.medsieve.redaction.domain.ValueNormalizer.normalise;
import static org.assertj.core.api.Assertions.assertThat;

/** One fact written differently must normalise to one form, and different facts must not merge. */
class ValueNormalizerTest {

    @Test
    void namesFoldCaseWhitespaceTitlesCredentialsAndOrder() {
        String expected = "zora quibblewick";
        assertThat(normalise(PhiType.NAME, "Zora Quibblewick")).isEqualTo(expected);
        assertThat(normalise(PhiType.NAME, "ZORA   QUIBBLEWICK")).isEqualTo(expected);
        assertThat(normalise(PhiType.NAME, "Mrs. Zora Quibblewick")).isEqualTo(expected);
        assertThat(normalise(PhiType.NAME, "Dr Zora Quibblewick, MD")).isEqualTo(expected);
        assertThat(normalise(PhiType.NAME, "Quibblewick, Zora")).isEqualTo(expected);
        assertThat(normalise(PhiType.NAME, "Zora Quibblewick-k7m2q9")).isEqualTo("zora quibblewick-k7m2q9");
        assertThat(normalise(PhiType.NAME, "Zora Quibblewick")).isNotEqualTo(normalise(PhiType.NAME, "Zora Quibble"));
    }

    @Test
    void datesBecomeIsoWhereParseable() {
        assertThat(normalise(PhiType.DATE, "03/14/1958")).isEqualTo("1958-03-14");
        assertThat(normalise(PhiType.DATE, "3/14/58")).isEqualTo("1958-03-14");
        assertThat(normalise(PhiType.DATE, "March 14, 1958")).isEqualTo("1958-03-14");
        assertThat(normalise(PhiType.DATE, "14 Mar 1958")).isEqualTo("1958-03-14");
        assertThat(normalise(PhiType.DATE, "1958-03-14")).isEqualTo("1958-03-14");
        assertThat(normalise(PhiType.DATE, "March 14th")).isEqualTo("--03-14");
        assertThat(normalise(PhiType.DATE, "  Christmas ")).isEqualTo("christmas");
    }

    @Test
    void phoneSsnAndZipKeepDigitsOnly() {
        assertThat(normalise(PhiType.PHONE, "(555) 010-4477")).isEqualTo("5550104477");
        assertThat(normalise(PhiType.PHONE, "+1 555.010.4477")).isEqualTo("5550104477");
        assertThat(normalise(PhiType.FAX, "555 010 4477")).isEqualTo("5550104477");
        assertThat(normalise(PhiType.SSN, "123-45-6789")).isEqualTo(normalise(PhiType.SSN, "123 45 6789"));
        assertThat(normalise(PhiType.ZIP, "00042")).isEqualTo("00042");
    }

    @Test
    void identifiersKeepLettersAndDigitsSoDifferentPrefixesStayApart() {
        assertThat(normalise(PhiType.MRN, "MRN-TEST-0042731")).isEqualTo(normalise(PhiType.MRN, "mrn test 0042731"));
        assertThat(normalise(PhiType.HEALTH_PLAN_ID, "A-1234")).isNotEqualTo(normalise(PhiType.HEALTH_PLAN_ID, "B-1234"));
    }

    @Test
    void emailUrlAndAddressesFoldCaseAndPunctuation() {
        assertThat(normalise(PhiType.EMAIL, "Zora.Q@Example.org")).isEqualTo("zora.q@example.org");
        assertThat(normalise(PhiType.URL, "https://www.Example.org/")).isEqualTo("example.org");
        assertThat(normalise(PhiType.STREET_ADDRESS, "42 Imaginary Lane,  Apt 3B"))
                .isEqualTo(normalise(PhiType.STREET_ADDRESS, "42 imaginary lane apt 3b"));
    }
}
