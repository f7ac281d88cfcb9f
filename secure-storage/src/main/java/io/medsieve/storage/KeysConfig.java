package io.medsieve.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Which {@link io.medsieve.storage.crypto.KeyProvider} a service uses. The local keyring stays the default so
 * the embedded stack needs no Vault; production selects Vault Transit. Secrets (AppRole secret id, dev token)
 * are read from environment variables or files, never from {@code application.properties}.
 */
@ConfigMapping(prefix = "medsieve.keys")
public interface KeysConfig {

    /** {@code medsieve.keys.provider}: {@code local} (embedded keyring) or {@code vault} (Vault Transit). */
    @WithDefault("local")
    Provider provider();

    /** {@code medsieve.keys.vault.*}: only read when the provider is {@code vault}. */
    Vault vault();

    enum Provider {
        LOCAL,
        VAULT
    }

    /** Vault Transit settings. */
    interface Vault {

        /** {@code medsieve.keys.vault.address}, e.g. {@code https://vault.internal:8200}. */
        Optional<URI> address();

        /** {@code medsieve.keys.vault.namespace}: Vault Enterprise namespace, sent as {@code X-Vault-Namespace}. */
        Optional<String> namespace();

        /** {@code medsieve.keys.vault.transit-mount}: where the Transit engine is mounted. */
        @WithDefault("transit")
        String transitMount();

        /**
         * {@code medsieve.keys.vault.key-prefix}: tenant {@code t} uses Transit key {@code <prefix>t}; the Vault
         * policies in {@code deploy/vault} grant exactly {@code medsieve-*}.
         */
        @WithDefault("medsieve-")
        String keyPrefix();

        /**
         * {@code medsieve.keys.vault.create-keys}: create a tenant's Transit key on first use. Turn off where
         * tenant keys are provisioned by an administrator, so a shredded tenant can never be re-created by a
         * service (the service policy then needs no write access to {@code transit/keys}).
         */
        @WithDefault("true")
        boolean createKeys();

        /** {@code medsieve.keys.vault.request-timeout}: per HTTP request. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** {@code medsieve.keys.vault.max-attempts}: attempts for 5xx, 429 and I/O failures (with backoff). */
        @WithDefault("4")
        int maxAttempts();

        /** {@code medsieve.keys.vault.initial-backoff}: doubled after each failed attempt. */
        @WithDefault("200ms")
        Duration initialBackoff();

        Auth auth();
    }

    /** How the service logs in to Vault. */
    interface Auth {

        /** {@code medsieve.keys.vault.auth.method}: {@code approle}, {@code kubernetes} or (dev only) {@code token}. */
        @WithDefault("approle")
        AuthMethod method();

        /** {@code medsieve.keys.vault.auth.mount}: auth mount path; defaults to the method's usual path. */
        Optional<String> mount();

        /** {@code medsieve.keys.vault.auth.role-id}: AppRole role id (not secret on its own). */
        Optional<String> roleId();

        /**
         * {@code medsieve.keys.vault.auth.secret-id}: AppRole secret id; set it via env
         * {@code MEDSIEVE_KEYS_VAULT_AUTH_SECRET_ID}, or use {@code secret-id-file}.
         */
        Optional<String> secretId();

        /** {@code medsieve.keys.vault.auth.secret-id-file}: file holding the AppRole secret id (re-read at login). */
        Optional<Path> secretIdFile();

        /** {@code medsieve.keys.vault.auth.role}: Kubernetes auth role. */
        Optional<String> role();

        /** {@code medsieve.keys.vault.auth.jwt-file}: the pod's service-account token (re-read at each login). */
        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
        Path jwtFile();

        /** {@code medsieve.keys.vault.auth.token}: static token, refused unless {@code allow-static-token}. */
        Optional<String> token();

        /**
         * {@code medsieve.keys.vault.auth.allow-static-token}: development only. A static token never expires
         * with the workload and is typically a root or admin token, so production refuses it.
         */
        @WithDefault("false")
        boolean allowStaticToken();
    }

    enum AuthMethod {
        APPROLE,
        KUBERNETES,
        TOKEN
    }
}
