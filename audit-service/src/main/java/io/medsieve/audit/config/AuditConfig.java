package io.medsieve.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Switches of the audit ledger. Checkpoint cadence trades signing work against how long an auditor may have to
 * wait before a fresh entry is covered by a signed tree head.
 */
@ConfigMapping(prefix = "medsieve.audit")
public interface AuditConfig {

    /** Signed checkpoint cadence. */
    Checkpoint checkpoint();

    /** Evidence export limits. */
    Evidence evidence();

    /** Signing key derivation. */
    Signing signing();

    /** Full verification ({@code GET /v1/ledger/verify}). */
    Verification verification();


    /** When to sign a new tree head. */
    interface Checkpoint {

        /** Sign after this many new entries. */
        @WithDefault("1000")
        int everyEntries();

        /** Also sign this often when there are new entries at all. */
        @WithDefault("60s")
        Duration interval();
    }

    /** Evidence export limits. */
    interface Evidence {

        /** Most entries in one package, so one request cannot build an unbounded ZIP in memory. */
        @WithDefault("10000")
        int maxEntries();
    }

    /** How full verification spreads its work. */
    interface Verification {

        /** Reader threads (each with its own connection); defaults to the number of processors. */
        OptionalInt parallelism();

        /** Sequences per stretch handed to one reader. */
        @WithDefault("50000")
        int segmentEntries();
    }

    /** Where the Ed25519 signing key comes from. */
    interface Signing {

        /**
         * Keyring tenant whose HMAC key seeds the Ed25519 key. A platform pseudo-tenant, so erasing a customer
         * tenant never changes the ledger's signing key.
         */
        @WithDefault("medsieve-platform")
        String keyTenant();

        /** HMAC purpose, separating this seed from every other use of that tenant key. */
        @WithDefault("audit-signing")
        String keyPurpose();
    }

}
