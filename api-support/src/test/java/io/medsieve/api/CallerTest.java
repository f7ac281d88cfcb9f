package io.medsieve.api;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenant comes from the token claim only, and a path naming another tenant looks like nothing at all. */
class CallerTest {

    @Test
    void tenantIsTheTokensClaim() {
        assertThat(caller("demo-clinic").tenant()).isEqualTo("demo-clinic");
        assertThat(caller("demo-clinic").name()).isEqualTo("someone");
    }

    @Test
    void missingOrMalformedClaimIsA401() {
        for (String bad : new String[]{null, "", "../etc", "Demo", "a/b", "x".repeat(64)}) {
            assertThatThrownBy(() -> caller(bad).tenant())
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("tenant-required");
                    });
        }
    }

    @Test
    void anotherTenantsPathIsNotFound() {
        assertThat(caller("tenant-a").ownTenant("tenant-a", "policy", true)).isEqualTo("tenant-a");
        assertThatThrownBy(() -> caller("tenant-a").ownTenant("tenant-b", "policy", true))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("policy-not-found");
                });
    }

    @Test
    void platformAdminCrossesTenantsOnlyWhereTheResourceAllowsIt() {
        Caller admin = caller(null, Caller.PLATFORM_ADMIN);
        assertThat(admin.ownTenant("tenant-b", "policy", true)).isEqualTo("tenant-b");
        assertThatThrownBy(() -> admin.ownTenant("../etc", "policy", true)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> admin.ownTenant("tenant-b", "document", false))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    private static Caller caller(String tenant, String... roles) {
        Map<String, Object> claims = new HashMap<>();
        if (tenant != null) {
            claims.put(Caller.TENANT_CLAIM, tenant);
        }
        return new Caller(QuarkusSecurityIdentity.builder().setPrincipal(new Token(claims)).addRoles(Set.of(roles))
                .build());
    }

    private record Token(Map<String, Object> claims) implements JsonWebToken {

        @Override
        public String getName() {
            return "someone";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }
}
