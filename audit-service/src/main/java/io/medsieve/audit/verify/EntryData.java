package io.medsieve.audit.verify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Every hashed field of one ledger entry, and the rule that hashes them. It lives in the verifier package because
 * the server and the standalone verifier must apply exactly the same rule: nothing here trusts the database.
 *
 * <p>Encoding (v1), fed to SHA-256 in this order: the domain tag {@value #DOMAIN}, sequence (8 bytes big-endian),
 * eventId, tenantId, documentId, entryType, sourceTopic, occurredAt and recordedAt (epoch microseconds, 8 bytes
 * each), bodyDigest, projection, previousHash. Strings are UTF-8 with a 4-byte big-endian length prefix, null is
 * length -1, so no two field lists encode to the same bytes.
 *
 * @param sequence     0-based position in the global chain; also the Merkle leaf index
 * @param eventId      the event's id (unique in the ledger)
 * @param tenantId     owning tenant
 * @param documentId   the document the event is about, or null (dead letters without a valid event)
 * @param entryType    event type, or {@code DeadLetter}, {@code InvalidEvent}, {@code CryptoShredding}
 * @param sourceTopic  topic the record came from ({@code api} for entries made through the REST API)
 * @param occurredAt   when the producer observed the fact (microsecond precision, like PostgreSQL)
 * @param recordedAt   when the ledger appended it (microsecond precision)
 * @param bodyDigest   hex SHA-256 of the exact bytes received
 * @param projection   the PHI-free projection, JSON text as stored
 * @param previousHash entry hash of the previous entry, {@link #GENESIS} for the first
 * @param entryHash    the stored hash (the one to check); may be null while appending
 */
public record EntryData(long sequence, String eventId, String tenantId, String documentId, String entryType,
                        String sourceTopic, Instant occurredAt, Instant recordedAt, String bodyDigest,
                        String projection, String previousHash, String entryHash) {

    /** previousHash of entry 0. */
    public static final String GENESIS = "0".repeat(64);
    static final String DOMAIN = "medsieve-ledger-entry-v1";

    public EntryData {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(entryType, "entryType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Instants as the ledger keeps them: PostgreSQL stores microseconds, so hashing must not see more. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The entry hash (hex) recomputed from the fields, ignoring the stored {@link #entryHash()}. */
    public String computeHash() {
        return HexFormat.of().formatHex(computeHashBytes());
    }

    /** The entry hash recomputed from the fields, as the 32 raw bytes (which are also the Merkle leaf data). */
    public byte[] computeHashBytes() {
        return HashInput.forThisThread()
                .string(DOMAIN)
                .int64(sequence)
                .string(eventId)
                .string(tenantId)
                .string(documentId)
                .string(entryType)
                .string(sourceTopic)
                .int64(micros(occurredAt))
                .int64(micros(recordedAt))
                .string(bodyDigest)
                .string(projection)
                .string(previousHash)
                .sha256();
    }

    /** A copy carrying the given stored hash. */
    public EntryData withEntryHash(String hash) {
        return new EntryData(sequence, eventId, tenantId, documentId, entryType, sourceTopic, occurredAt, recordedAt,
                bodyDigest, projection, previousHash, hash);
    }

    /** The Merkle leaf data: the raw 32 bytes of the stored entry hash. */
    public byte[] leafData() {
        return HexFormat.of().parseHex(entryHash);
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}
