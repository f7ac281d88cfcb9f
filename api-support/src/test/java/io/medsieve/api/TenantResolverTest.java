package io.medsieve.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantResolverTest {

    private static final TenantResolver TRUSTING = new TenantResolver(() -> true);
    private static final TenantResolver DEFAULT = new TenantResolver(() -> false);

    @Test
    void trustedHeaderWithAValidIdIsTheTenant() {
        assertThat(TRUSTING.resolve("clinic-7")).isEqualTo("clinic-7");
    }

    @Test
    void withoutTrustEveryRequestIsRefused() {
        assertThatThrownBy(() -> DEFAULT.resolve("clinic-7"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("tenant-required");
                });
    }

    @Test
    void idsOutsideTheSafeAlphabetAreRefused() {
        for (String bad : new String[]{null, "", "../etc", "Clinic", "a/b", "-lead", "x".repeat(64)}) {
            assertThatThrownBy(() -> TRUSTING.resolve(bad)).isInstanceOf(ProblemException.class);
        }
    }
}
