package io.medsieve.testsupport.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class CanaryTest {

    @Test
    void namesAreUniqueAndNameLike() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String name = Canary.newName();
            assertThat(seen.add(name)).as("duplicate %s", name).isTrue();
            assertThat(name).matches("[A-Z][a-z]+ [A-Z][a-z]+-[a-z0-9]{6}");
            assertThat(Canary.PATTERN.matcher("log line: upload by " + name + " done").find()).isTrue();
        }
    }

    @Test
    void tagCannotHideInsideHex() {
        String tag = Canary.fragments(Canary.newName()).get(2);
        assertThat(tag).doesNotContainPattern("[a-f]").containsPattern("[g-z]");
        assertThat(UUID.randomUUID().toString()).doesNotContain(tag);
    }

    @Test
    void fragmentsAndFileName() {
        String name = Canary.newName();
        var parts = Canary.fragments(name);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0) + " " + parts.get(1) + "-" + parts.get(2)).isEqualTo(name);
        assertThat(Canary.asFileName(name, "PDF")).isEqualTo(name.replace(' ', '_') + ".pdf").doesNotContain(" ");
    }

    @Test
    void canaryPatientCarriesTheCanaryEverywhereTheNameAppears() {
        FakePatient p = FakePatient.withCanary();
        String canary = p.name();

        assertThat(Canary.PATTERN.matcher(canary).matches()).isTrue();
        assertThat(p.email()).endsWith("@example.org");
        String letter = String.join("\n", SampleTexts.referralLetter(p));
        assertThat(letter).contains(canary, p.mrn(), p.phone(), p.dobText(), p.address());
        Fixture pdf = DocumentFixtures.digitalPdf(SampleTexts.referralLetter(p)).withFileName(
                Canary.asFileName(canary, "pdf"));
        assertThat(pdf.fileName()).contains(Canary.fragments(canary).get(2));
        assertThat(pdf.text()).contains(Canary.fragments(canary).get(1));
    }
}
