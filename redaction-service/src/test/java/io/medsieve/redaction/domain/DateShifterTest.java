package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The shift is per patient, keyed, bounded and never zero; shifted dates are consistent across documents. */
class DateShifterTest {

    static Function<byte[], byte[]> hmac(String key) {
        return message -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void offsetIsStablePerPatientAndKey() {
        int first = DateShifter.offsetDays(hmac("tenant-a"), "MRN:test0042731", 365);
        assertThat(DateShifter.offsetDays(hmac("tenant-a"), "MRN:test0042731", 365)).isEqualTo(first);
        Set<Integer> otherKeys = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            otherKeys.add(DateShifter.offsetDays(hmac("tenant-" + i), "MRN:test0042731", 365));
        }
        assertThat(otherKeys).hasSizeGreaterThan(15);
    }

    @Test
    void offsetIsWithinBoundsNeverZeroAndUsesBothDirections() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int days = DateShifter.offsetDays(hmac("tenant-a"), "NAME:patient " + i, 3);
            assertThat(days).isBetween(-3, 3).isNotZero();
            seen.add(days);
        }
        assertThat(seen).containsExactlyInAnyOrder(-3, -2, -1, 1, 2, 3);
    }

    @Test
    void patientIsTheMrnElseTheLabelledNameElseTheFirstName() {
        String page = "Dr. Healey saw Patient: Zora Quibblewick today. MRN: 0042731";
        PhiSpan doctor = span(page, "Healey", PhiType.NAME, "name.title");
        PhiSpan patient = span(page, "Zora Quibblewick", PhiType.NAME, "name.label");
        PhiSpan mrn = span(page, "0042731", PhiType.MRN, "id.mrn");
        assertThat(DateShifter.patientKey(List.of(page), List.of(List.of(doctor, patient, mrn))))
                .contains("MRN:0042731");
        assertThat(DateShifter.patientKey(List.of(page), List.of(List.of(doctor, patient))))
                .contains("NAME:zora quibblewick");
        assertThat(DateShifter.patientKey(List.of(page), List.of(List.of(doctor)))).contains("NAME:healey");
        assertThat(DateShifter.patientKey(List.of(page), List.of(List.of()))).isEmpty();
    }

    @Test
    void everyDateOfThePatientMovesByTheSameDaysInTheOriginalFormat() {
        String page = "Admitted 03/14/2020, discharged March 20, 2020.";
        List<PhiSpan> spans = List.of(span(page, "03/14/2020", PhiType.DATE, "date.numeric"),
                span(page, "March 20, 2020", PhiType.DATE, "date.month-name"));
        PlaceholderIssuer issuer = new PlaceholderIssuer(hmac("placeholders"), 12);

        RedactedPage redacted = RedactedPage.of(1, page, spans, issuer, OptionalInt.of(-10));

        assertThat(redacted.text()).isEqualTo("Admitted 03/04/2020, discharged March 10, 2020.");
        assertThat(redacted.entities()).allSatisfy(e -> {
            assertThat(e.detector()).endsWith(RedactedPage.DATE_SHIFT_MARK);
            assertThat(e.placeholder()).matches("\\[DATE_[0-9a-f]{12}]");
        });
        assertThat(redacted.text().substring(redacted.entities().get(1).start(), redacted.entities().get(1).end()))
                .isEqualTo("March 10, 2020");
        // The map still gets the originals, keyed by the placeholders named in the entities.
        assertThat(issuer.issued()).extracting(PlaceholderIssuer.Issued::original)
                .containsExactly("03/14/2020", "March 20, 2020");
    }

    static PhiSpan span(String text, String value, PhiType type, String detector) {
        int at = text.indexOf(value);
        return new PhiSpan(at, at + value.length(), type, 0.9, detector);
    }
}
