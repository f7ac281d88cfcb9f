package io.medsieve.router.policy;

import io.medsieve.events.Route;
import io.medsieve.router.domain.DocumentClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy format: the bundled default parses as documented, and each kind of mistake is refused by name. */
class PolicyParserTest {

    static String defaultYaml() {
        try (InputStream in = PolicyParserTest.class.getResourceAsStream("/policies/default.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void defaultPolicyHasTheDocumentedTiers() {
        TierPolicy policy = PolicyParser.parse(defaultYaml(), true);
        assertThat(policy.policyId()).isEqualTo("medsieve-default");
        assertThat(policy.classes()).containsEntry(DocumentClass.IDENTITY_DOCUMENT, 1)
                .containsEntry(DocumentClass.REFERRAL_LETTER, 1)
                .containsEntry(DocumentClass.BILLING_CLAIM, 2)
                .containsEntry(DocumentClass.ENCOUNTER_SUMMARY, 2)
                .containsEntry(DocumentClass.FULL_CHART, 3)
                .containsEntry(DocumentClass.LAB_REPORT, 3)
                .containsEntry(DocumentClass.PSYCHIATRIC_NOTE, 3)
                .doesNotContainKey(DocumentClass.OTHER);
        assertThat(policy.tiers().get(3).routes()).containsExactlyInAnyOrder(Route.LOCAL, Route.HUMAN_ONLY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "policyId: medsieve-default|policyId: Bad Id!|policyId must be",
            "  PSYCHIATRIC_NOTE: 3|  PSYCHIATRIC_NOTE: 4|classes.PSYCHIATRIC_NOTE must be a tier",
            "  LAB_REPORT: 3|  LAB_REPORTS: 3|unknown document class 'LAB_REPORTS'",
            "    routes: [LOCAL, HUMAN_ONLY]|    routes: [LOCAL]|tiers.3.routes must include HUMAN_ONLY",
            "    routes: [LOCAL, HUMAN_ONLY]|    routes: [LOCAL, HUMAN_ONLY, TELEPORT]|unknown route 'TELEPORT'",
            "  minConfidence: 0.5|  minConfidence: 1.5|classification.minConfidence must be between 0 and 1",
            "  lowConfidenceRoute: HUMAN_ONLY|  lowConfidenceRoute: CLOUD_SYNC|must be HUMAN_ONLY or LOCAL",
            "  action: REVIEW|  action: IGNORE|ocr.action must be REVIEW or HUMAN_ONLY",
            "  maxSyncBytes: 60000|  maxSyncBytes: lots|cloud.maxSyncBytes is required and must be a number",
            "  regions: [us]|  regions: [us]\\n  residency: strict|unknown field cloud.residency",
            "  FULL_CHART: 3|  FULL_CHART: 3\\n  OTHER: 1|OTHER is the unknown class",
    })
    void mistakesAreRefusedByName(String original, String replacement, String expected) {
        String yaml = defaultYaml().replace(original, replacement.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(defaultYaml());
        assertThatThrownBy(() -> PolicyParser.parse(yaml, true))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).errors())
                        .anySatisfy(error -> assertThat(error).contains(expected)));
    }

    @Test
    void everyMissingSectionIsReportedAtOnce() {
        assertThatThrownBy(() -> PolicyParser.parse("policyId: x\n", false))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).errors()).hasSize(5));
    }

    @Test
    void notYamlIsRefusedWithALocation() {
        assertThatThrownBy(() -> PolicyParser.parse("policyId: [unclosed\n", false))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void tenantUploadsMayOmitTheVersion() {
        String yaml = defaultYaml().replace("version: \"default-1\"\n", "");
        assertThat(PolicyParser.parse(yaml, false).version()).isNull();
        assertThatThrownBy(() -> PolicyParser.parse(yaml, true)).hasMessageContaining("version is required");
    }
}
