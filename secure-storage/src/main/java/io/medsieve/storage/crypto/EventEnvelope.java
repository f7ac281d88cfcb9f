package io.medsieve.storage.crypto;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.Producer;
import io.medsieve.events.ReviewDecision;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Sha256;
import io.medsieve.events.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;

/**
 * Envelope encryption of Kafka records, the one place producers seal and consumers open pipeline events. Events
 * that can carry document text or PHI ({@link #SEALED_TYPES}: every event with a {@code ContentRef}, whose
 * {@code inlineText} may hold document or model text) travel as AES-256-GCM ciphertext under a fresh data key per
 * record, wrapped by the tenant key. The broker, its disks, mirrors and anyone with topic read access see only
 * ciphertext, and crypto-shredding a tenant makes its retained records unreadable along with its blobs.
 *
 * <p>Record layout: value = 12-byte nonce followed by the GCM ciphertext and tag of the event JSON. Headers (clear):
 * the standard {@link KafkaHeaders} (event id, type, tenant) plus {@value #DOCUMENT}, {@value #ENCRYPTION},
 * {@value #KEY_ID} and {@value #WRAPPED_KEY}. The GCM associated data binds encryption scheme, tenant, document,
 * event type, event id, key id and wrapped key, so a record whose tenant header was swapped, that was retyped or
 * replayed under another document, or whose wrapped key was replaced, fails to open.
 *
 * <p>{@code StageFailed} and {@code SecurityEvent} stay in clear: their contracts forbid content, and they must be
 * producible and readable exactly when keys fail (a shredded tenant, a tampered record).
 */
@ApplicationScoped
public class EventEnvelope {

    /** Event types that must never travel in clear. */
    public static final Set<String> SEALED_TYPES = Set.of(DocumentIngested.TYPE, DocumentExtracted.TYPE,
            DocumentRedacted.TYPE, DocumentRouted.TYPE, AnalysisProposed.TYPE, ReviewDecision.TYPE);
    /** Header naming the encryption scheme; present exactly on sealed records. */
    public static final String ENCRYPTION = "medsieve-encryption";
    public static final String SCHEME = "aes-256-gcm/v1";
    /** Header with the document id, authenticated, so a consumer can build the associated data before opening. */
    public static final String DOCUMENT = KafkaHeaders.DOCUMENT;
    /** Header with the id of the tenant key version that wrapped the data key; never names the tenant. */
    public static final String KEY_ID = "medsieve-key-id";
    /** Header with the data key wrapped by the tenant key (raw bytes). */
    public static final String WRAPPED_KEY = "medsieve-wrapped-key";
    /** {@code SecurityEvent.kind} of a rejected record. */
    public static final String REJECTED_KIND = "envelope.rejected";

    private static final String AAD_TAG = "medsieve-event-envelope-v1";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String UNKNOWN = "unknown";

    private final KeyProvider keys;
    private final SecureRandom random = new SecureRandom();

    public EventEnvelope(KeyProvider keys) {
        this.keys = keys;
    }

    /** Whether records of this event type are sealed. */
    public static boolean mustSeal(String eventType) {
        return SEALED_TYPES.contains(eventType);
    }

    /** The record for an event: sealed if its type requires it, JSON otherwise; keyed by document id. */
    public SealedRecord seal(PipelineEvent event) {
        EventHeader header = event.header();
        return seal(EventJson.write(event), header.eventId(), header.eventType(), header.tenantId(),
                header.documentId());
    }

    /**
     * As {@link #seal(PipelineEvent)} for an event already serialised (an outbox row). The identity must be the
     * event's own header values: consumers compare them with the decrypted event.
     *
     * @throws KeyUnavailableException if the tenant was crypto-shredded
     */
    public SealedRecord seal(byte[] eventJson, String eventId, String eventType, String tenantId,
                             String documentId) {
        Objects.requireNonNull(eventJson, "eventJson");
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.of(eventId, eventType, tenantId).forEach(headers::add);
        headers.add(DOCUMENT, utf8(documentId));
        if (!mustSeal(eventType)) {
            return new SealedRecord(documentId, eventJson, headers);
        }
        try (DataKey dataKey = keys.newDataKey(tenantId)) {
            byte[] nonce = new byte[Gcm.NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] aad = aad(tenantId, documentId, eventType, eventId, dataKey.keyId(), dataKey.wrapped());
            byte[] ciphertext = Gcm.encrypt(dataKey.plaintext(), nonce, eventJson, aad);
            headers.add(ENCRYPTION, utf8(SCHEME));
            headers.add(KEY_ID, utf8(dataKey.keyId()));
            headers.add(WRAPPED_KEY, dataKey.wrapped().clone());
            byte[] value = ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array();
            return new SealedRecord(documentId, value, headers);
        }
    }

    /** Opens a consumed record; see {@link #open(byte[], Headers)}. */
    public PipelineEvent open(ConsumerRecord<?, byte[]> record) {
        return open(record.value(), record.headers());
    }

    /** Opens a consumed record that must hold an event of {@code type}. */
    public <T extends PipelineEvent> T open(ConsumerRecord<?, byte[]> record, Class<T> type) {
        return open(record.value(), record.headers(), type);
    }

    /** As {@link #open(byte[], Headers)}, requiring an event of {@code type}. */
    public <T extends PipelineEvent> T open(byte[] value, Headers headers, Class<T> type) {
        PipelineEvent event = open(value, headers);
        if (!type.isInstance(event)) {
            throw new EventJson.InvalidEventException("not a valid " + type.getSimpleName(), null);
        }
        return type.cast(event);
    }

    /**
     * The event a record carries: decrypted if sealed, parsed if it is a type that may travel in clear.
     *
     * @throws EnvelopeRejectedException        if a sealed record fails to open, or a must-seal type came in clear
     * @throws EventJson.InvalidEventException  if the bytes are not an event at all
     */
    public PipelineEvent open(byte[] value, Headers headers) {
        byte[] body = value == null ? new byte[0] : value;
        String scheme = text(headers, ENCRYPTION);
        if (scheme == null) {
            PipelineEvent event = EventJson.readAny(body);
            if (mustSeal(event.header().eventType())) {
                throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.UNSEALED, null);
            }
            return event;
        }
        String eventId = text(headers, KafkaHeaders.EVENT_ID);
        String eventType = text(headers, KafkaHeaders.EVENT_TYPE);
        String tenantId = text(headers, KafkaHeaders.TENANT);
        String documentId = text(headers, DOCUMENT);
        String keyId = text(headers, KEY_ID);
        byte[] wrapped = bytes(headers, WRAPPED_KEY);
        if (!SCHEME.equals(scheme) || eventId == null || eventType == null || tenantId == null
                || documentId == null || keyId == null || wrapped == null
                || body.length < Gcm.NONCE_BYTES + Gcm.TAG_BYTES) {
            throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.MALFORMED, null);
        }
        byte[] plaintext = decrypt(body, tenantId, documentId, eventType, eventId, keyId, wrapped);
        try {
            PipelineEvent event = EventJson.readAny(plaintext);
            EventHeader header = event.header();
            // The AAD already binds the headers; this binds them to the event the producer actually wrote.
            if (!header.eventId().equals(eventId) || !header.eventType().equals(eventType)
                    || !header.tenantId().equals(tenantId) || !header.documentId().equals(documentId)) {
                throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.TAMPERED, null);
            }
            return event;
        } catch (EventJson.InvalidEventException e) {
            throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.MALFORMED, null);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private byte[] decrypt(byte[] body, String tenantId, String documentId, String eventType, String eventId,
                           String keyId, byte[] wrapped) {
        byte[] dataKey;
        try {
            dataKey = keys.unwrapDataKey(tenantId, keyId, wrapped);
        } catch (KeyUnavailableException e) {
            throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.KEY_UNAVAILABLE, null);
        } catch (TamperedEnvelopeException e) {
            throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.TAMPERED, null);
        } catch (IllegalArgumentException e) {
            // A tenant id the key provider refuses (e.g. not a valid Vault key name).
            throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.MALFORMED, null);
        }
        try {
            byte[] nonce = Arrays.copyOf(body, Gcm.NONCE_BYTES);
            return Gcm.decrypt(dataKey, nonce, body, Gcm.NONCE_BYTES, body.length - Gcm.NONCE_BYTES,
                    aad(tenantId, documentId, eventType, eventId, keyId, wrapped));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new EnvelopeRejectedException(EnvelopeRejectedException.Reason.TAMPERED, null);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The audit-visible report of a rejected record, for the consumer to publish on {@code security-events} before
     * it fails the record into its dead-letter topic. Built from the clear headers only (they may be forged, which
     * the detail says); its eventId is derived from the rejected record, so a redelivery reports once.
     */
    public static SecurityEvent rejection(ConsumerRecord<?, byte[]> record, EnvelopeRejectedException rejection,
                                          Stage stage, Producer producer, Instant now) {
        Headers headers = record.headers();
        String rejectedId = safe(text(headers, KafkaHeaders.EVENT_ID), SAFE_ID);
        String subject = rejectedId != null ? rejectedId
                : Sha256.hex(record.value() == null ? new byte[0] : record.value());
        String eventId = UUID.nameUUIDFromBytes(("envelope-rejected/" + stage.id() + "/" + subject)
                .getBytes(StandardCharsets.UTF_8)).toString();
        String tenant = Objects.requireNonNullElse(safe(text(headers, KafkaHeaders.TENANT), TENANT), UNKNOWN);
        String document = Objects.requireNonNullElse(safe(text(headers, DOCUMENT), SAFE_ID), UNKNOWN);
        EventHeader header = new EventHeader(eventId, SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION, tenant,
                document, document, rejectedId, null, now, producer);
        String detail = "Record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " rejected ("
                + rejection.reason().code() + "): " + rejection.reason().explanation()
                + ". Tenant and document are as the record's clear headers claim. The record went to "
                + "the stage's dead-letter topic.";
        return new SecurityEvent(header, stage, REJECTED_KIND, detail);
    }

    private static byte[] aad(String tenantId, String documentId, String eventType, String eventId, String keyId,
                              byte[] wrapped) {
        return LengthPrefixed.encode(AAD_TAG, SCHEME, tenantId, documentId, eventType, eventId, keyId,
                Base64.getEncoder().encodeToString(wrapped));
    }

    private static String safe(String value, Pattern pattern) {
        return value != null && pattern.matcher(value).matches() ? value : null;
    }

    private static byte[] bytes(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null ? null : header.value();
    }

    private static String text(Headers headers, String name) {
        byte[] value = bytes(headers, name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return Objects.requireNonNull(value, "header value").getBytes(StandardCharsets.UTF_8);
    }
}
