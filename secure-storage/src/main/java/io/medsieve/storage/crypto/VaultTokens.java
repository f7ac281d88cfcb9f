package io.medsieve.storage.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.storage.KeysConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Holds the service's Vault client token and keeps it valid. Tokens come from AppRole or Kubernetes login and
 * are short-lived by design: when two thirds of the lease have passed the token is renewed
 * ({@code auth/token/renew-self}), and when it cannot be renewed any further (not renewable, renewal refused, or
 * the max TTL leaves less than a third of a lease) the service logs in again. A static token is accepted only
 * with the explicit development flag, because a long-lived (often root) token in configuration is exactly what
 * short-lived logins are meant to avoid.
 */
final class VaultTokens {

    private static final Logger LOG = Logger.getLogger(VaultTokens.class);
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private final VaultHttp http;
    private final KeysConfig.Auth config;
    private final Clock clock;
    private final String loginPath;
    private Token token;

    VaultTokens(VaultHttp http, KeysConfig.Auth config, Clock clock) {
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.loginPath = validateAndLoginPath(config);
    }

    /** A token that is valid now, logging in or renewing first if needed. */
    String current() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (token == null || token.expired(now)) {
                token = login();
            } else if (token.dueForRenewal(now)) {
                token = renewOrLogin();
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets {@code rejected} after Vault refused it (revoked or expired early), so the next call logs in.
     *
     * @return false if there is no way to get another token (static token), so retrying is pointless
     */
    boolean invalidate(String rejected) {
        if (loginPath == null) {
            return false;
        }
        lock.lock();
        try {
            if (token != null && token.value().equals(rejected)) {
                token = null;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private Token login() {
        if (loginPath == null) {
            return new Token(config.token().orElseThrow(), null, Duration.ZERO, false);
        }
        ObjectNode body = json.createObjectNode();
        if (config.method() == KeysConfig.AuthMethod.APPROLE) {
            body.put("role_id", config.roleId().orElseThrow());
            body.put("secret_id", secretId());
        } else {
            body.put("role", config.role().orElseThrow());
            body.put("jwt", readSecretFile(config.jwtFile(), "kubernetes service-account token"));
        }
        Token fresh = fromAuth(http.send("POST", loginPath, body, null, "login"), "login");
        LOG.infof("logged in to vault (%s), token lease %ds", config.method().name().toLowerCase(),
                fresh.lease().toSeconds());
        return fresh;
    }

    private Token renewOrLogin() {
        if (token.renewable()) {
            try {
                Token renewed = fromAuth(
                        http.send("POST", "auth/token/renew-self", json.createObjectNode(), token.value(), "renew"),
                        "renew");
                // Near the max TTL Vault grants less than asked; renewing again and again would not help.
                if (renewed.lease().compareTo(token.lease().dividedBy(3)) > 0) {
                    return new Token(renewed.value(), renewed.expiresAt(), token.lease(), renewed.renewable());
                }
            } catch (VaultException e) {
                LOG.infof("token renewal failed (%s); logging in again", e.getMessage());
            }
        }
        return login();
    }

    /** Parses Vault's {@code {"auth": {"client_token", "lease_duration", "renewable"}}} answer. */
    private Token fromAuth(JsonNode response, String operation) {
        JsonNode auth = response.path("auth");
        String clientToken = auth.path("client_token").asText("");
        if (clientToken.isEmpty()) {
            throw new VaultException(operation + " (no client_token in response)", 200, false, null);
        }
        Duration lease = Duration.ofSeconds(auth.path("lease_duration").asLong(0));
        Instant expiresAt = lease.isZero() ? null : clock.instant().plus(lease);
        return new Token(clientToken, expiresAt, lease, auth.path("renewable").asBoolean(false));
    }

    private String secretId() {
        if (config.secretIdFile().isPresent()) {
            return readSecretFile(config.secretIdFile().get(), "AppRole secret id");
        }
        return config.secretId().orElseThrow();
    }

    private static String readSecretFile(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + what + " file " + file, e);
        }
    }

    /** Fails at startup with a message naming the missing setting; returns null for a static token. */
    private static String validateAndLoginPath(KeysConfig.Auth config) {
        switch (config.method()) {
            case TOKEN -> {
                if (!config.allowStaticToken()) {
                    throw new IllegalArgumentException("medsieve.keys.vault.auth.method=token is refused: static"
                            + " tokens are for development only (set medsieve.keys.vault.auth.allow-static-token=true"
                            + " to accept the risk); use approle or kubernetes");
                }
                if (config.token().filter(t -> !t.isBlank()).isEmpty()) {
                    throw new IllegalArgumentException(
                            "medsieve.keys.vault.auth.token is missing (env MEDSIEVE_KEYS_VAULT_AUTH_TOKEN)");
                }
                return null;
            }
            case APPROLE -> {
                if (config.token().isPresent() && !config.allowStaticToken()) {
                    throw new IllegalArgumentException("medsieve.keys.vault.auth.token is set but static tokens are"
                            + " refused outside development; remove it");
                }
                require(config.roleId(), "medsieve.keys.vault.auth.role-id");
                if (config.secretIdFile().isEmpty()) {
                    require(config.secretId(), "medsieve.keys.vault.auth.secret-id"
                            + " (env MEDSIEVE_KEYS_VAULT_AUTH_SECRET_ID) or medsieve.keys.vault.auth.secret-id-file");
                }
                return "auth/" + mount(config, "approle") + "/login";
            }
            case KUBERNETES -> {
                if (config.token().isPresent() && !config.allowStaticToken()) {
                    throw new IllegalArgumentException("medsieve.keys.vault.auth.token is set but static tokens are"
                            + " refused outside development; remove it");
                }
                require(config.role(), "medsieve.keys.vault.auth.role");
                return "auth/" + mount(config, "kubernetes") + "/login";
            }
            default -> throw new IllegalArgumentException("unsupported vault auth method");
        }
    }

    private static String mount(KeysConfig.Auth config, String defaultMount) {
        String mount = config.mount().orElse(defaultMount);
        if (!MOUNT.matcher(mount).matches()) {
            throw new IllegalArgumentException("medsieve.keys.vault.auth.mount must be a plain path");
        }
        return mount;
    }

    private static void require(Optional<String> value, String name) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            throw new IllegalArgumentException(name + " is required for this vault auth method");
        }
    }

    /** {@code expiresAt} null means the token does not expire (static dev token, or a zero-TTL root token). */
    private record Token(String value, Instant expiresAt, Duration lease, boolean renewable) {

        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }

        boolean dueForRenewal(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt.minus(lease.dividedBy(3)));
        }

        @Override
        public String toString() {
            return "Token[<redacted>, expiresAt=" + expiresAt + "]";
        }
    }
}
