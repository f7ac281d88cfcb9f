package io.medsieve.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Bearer tokens for a service's ordinary {@code @QuarkusTest}s: RS256 access tokens shaped like the medsieve
 * realm's (a {@code tenant} claim, realm roles in {@code realm_access.roles}), signed with a key pair made for this
 * JVM, whose public half the resource hands to quarkus-oidc as {@code quarkus.oidc.public-key}. The service checks
 * them with the same quarkus-oidc code path as Keycloak's tokens, while a test can be any tenant with any roles in
 * one method (a cross-tenant check needs two). What Keycloak itself issues is tested against a real Keycloak in
 * the launcher's {@code SecurityIT}.
 *
 * <p>Usage: {@code @QuarkusTestResource(TestTokens.class)} on a module's shared test-resources class, then
 * {@code given().auth().oauth2(TestTokens.forTenant("t1", "uploader"))}.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    /**
     * JVM-wide system properties rather than static fields, for the class-loader reason given in
     * {@link KafkaBrokerResource}. The key signs nothing but this JVM's test tokens.
     */
    private static final String PRIVATE_KEY_PROPERTY = "medsieve.test.tokens.private-key";
    private static final String PUBLIC_KEY_PROPERTY = "medsieve.test.tokens.public-key";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    /** Makes the key pair once per JVM and gives its public half to the application. */
    @Override
    public synchronized Map<String, String> start() {
        if (System.getProperty(PUBLIC_KEY_PROPERTY) == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair keys = generator.generateKeyPair();
                System.setProperty(PRIVATE_KEY_PROPERTY,
                        Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
                System.setProperty(PUBLIC_KEY_PROPERTY,
                        Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA key generation is unavailable", e);
            }
        }
        return Map.of("quarkus.oidc.public-key", System.getProperty(PUBLIC_KEY_PROPERTY));
    }

    @Override
    public void stop() {
        // the key pair lives as long as the JVM: other applications of the run may still verify with it
    }

    /** A valid token of a user of {@code tenant} holding the given realm roles. */
    public static String forTenant(String tenant, String... roles) {
        return sign("\"tenant\":" + quoted(tenant) + "," + rolesClaim(roles), Instant.now().plusSeconds(600));
    }

    /** A valid token holding the given roles but no tenant claim (a misconfigured user or service account). */
    public static String withoutTenant(String... roles) {
        return sign(rolesClaim(roles), Instant.now().plusSeconds(600));
    }

    /** A correctly signed token of {@code tenant} that expired a while ago. */
    public static String expired(String tenant, String... roles) {
        return sign("\"tenant\":" + quoted(tenant) + "," + rolesClaim(roles), Instant.now().minusSeconds(3600));
    }

    private static String rolesClaim(String... roles) {
        return "\"realm_access\":{\"roles\":["
                + Arrays.stream(roles).map(TestTokens::quoted).collect(Collectors.joining(",")) + "]}";
    }

    private static String sign(String claims, Instant expiry) {
        String privateKey = System.getProperty(PRIVATE_KEY_PROPERTY);
        if (privateKey == null) {
            throw new IllegalStateException("No test token key: annotate a test class with"
                    + " @QuarkusTestResource(TestTokens.class)");
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"https://medsieve.test/realms/medsieve\",\"sub\":"
                + quoted(UUID.randomUUID().toString()) + ",\"preferred_username\":\"test-user\",\"iat\":"
                + Math.min(now, expiry.getEpochSecond() - 600) + ",\"exp\":" + expiry.getEpochSecond() + "," + claims + "}";
        String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a test token", e);
        }
    }

    /** Tenant ids and role names in tests are plain; a quote or backslash would be a test bug. */
    private static String quoted(String value) {
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("test token values must not contain quotes or backslashes");
        }
        return "\"" + value + "\"";
    }
}
