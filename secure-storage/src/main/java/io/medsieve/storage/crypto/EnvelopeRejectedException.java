package io.medsieve.storage.crypto;

import java.util.Objects;

/**
 * A Kafka record that must be sealed could not be opened. Consumers let it fail their message, so the record goes to
 * the channel's dead-letter topic with this message as its reason, and report it as a {@code SecurityEvent}
 * ({@link EventEnvelope#rejection}). The message is fixed text plus the reason code: never a tenant id, key material
 * or anything from the record's value, because it is copied into the dead-letter record's headers.
 */
public class EnvelopeRejectedException extends RuntimeException {

    /** Why a record was refused; the code is stable so alerts and the ledger can group on it. */
    public enum Reason {
        /** Ciphertext, nonce, wrapped key or an authenticated header (tenant, document, type, id) was altered. */
        TAMPERED("envelope.tampered", "the sealed event failed authentication (altered, or moved to another "
                + "tenant, document or event type)"),
        /** The tenant key that wrapped the data key is gone (crypto-shredded) or unknown here. */
        KEY_UNAVAILABLE("envelope.key-unavailable", "the tenant key needed to open the sealed event is unavailable"),
        /** An event type that must travel sealed arrived in clear: a downgrade or a producer that skipped sealing. */
        UNSEALED("envelope.unsealed", "an event type that must be sealed arrived unencrypted"),
        /** Envelope headers missing or unusable. */
        MALFORMED("envelope.malformed", "the sealed event's envelope headers are missing or malformed");

        private final String code;
        private final String explanation;

        Reason(String code, String explanation) {
            this.code = code;
            this.explanation = explanation;
        }

        public String code() {
            return code;
        }

        public String explanation() {
            return explanation;
        }
    }

    private final Reason reason;

    public EnvelopeRejectedException(Reason reason, Throwable cause) {
        super("event envelope rejected (" + reason.code() + "): " + reason.explanation(), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
