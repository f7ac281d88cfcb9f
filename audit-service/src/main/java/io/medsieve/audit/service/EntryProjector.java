package io.medsieve.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medsieve.audit.domain.EntryCandidate;
import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentExtracted;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.PipelineEvent;
import io.medsieve.events.ReviewDecision;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Sha256;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a received record into what the ledger may keep: ids, digests, versions, decisions and reason codes. The
 * projection is an allow-list per event type, so a field added to an event later (possibly holding PHI) stays out
 * until someone decides it belongs. Free-text fields the contract says are PHI-free (router reasons, failure
 * reasons, dead-letter reasons) are still cleaned and truncated: they are written by code we do not control here.
 */
@ApplicationScoped
public class EntryProjector {

    public static final String DEAD_LETTER = "DeadLetter";
    public static final String INVALID_EVENT = "InvalidEvent";
    public static final String CRYPTO_SHREDDING = "CryptoShredding";
    /** A sealed record that did not open (tampered, moved to another tenant, tenant key shredded). */
    public static final String UNREADABLE_ENVELOPE = "UnreadableEnvelope";
    /** SmallRye's dead-letter headers. */
    static final String DLQ_REASON = "dead-letter-reason";
    static final String DLQ_TOPIC = "dead-letter-topic";
    static final String DLQ_EXCEPTION = "dead-letter-exception-class-name";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TEXT = 200;

    private final ObjectMapper mapper = EventJson.configure(new ObjectMapper())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final EventEnvelope envelope;

    public EntryProjector(EventEnvelope envelope) {
        this.envelope = envelope;
    }

    /**
     * The entry for one Kafka record from {@code topic}. Sealed events are opened only to read the allow-listed
     * fields; the body digest is over the exact bytes received (the ciphertext), so it matches the broker's record.
     */
    public EntryCandidate project(String topic, String key, byte[] body, Headers headers, Instant received) {
        String digest = Sha256.hex(body);
        if (topic.startsWith(Topics.DLQ_PREFIX)) {
            PipelineEvent dead;
            try {
                dead = parse(body, headers);
            } catch (EnvelopeRejectedException e) {
                dead = null; // the dead-letter reason header already says why
            }
            return deadLetter(topic, key, digest, dead, headers, received);
        }
        PipelineEvent event;
        try {
            event = parse(body, headers);
        } catch (EnvelopeRejectedException e) {
            return unreadable(topic, key, digest, headers, received, e);
        }
        if (event == null) {
            return invalid(topic, key, digest, headers, received);
        }
        EventHeader header = event.header();
        Map<String, Object> projection = common(header, topic);
        projection.putAll(details(event));
        return new EntryCandidate(header.eventId(), header.tenantId(), header.documentId(), header.eventType(),
                topic, header.occurredAt(), digest, json(projection));
    }

    /** The entry recording a crypto-shredding made through the API. */
    public EntryCandidate erasure(String tenantId, String scope, String subject, String keyId, String reasonCode,
                                  Instant now) {
        Map<String, Object> projection = new TreeMap<>();
        projection.put("eventType", CRYPTO_SHREDDING);
        projection.put("scope", scope);
        projection.put("subject", subject);
        projection.put("keyId", keyId);
        projection.put("reasonCode", reasonCode);
        String body = json(projection);
        String document = "DOCUMENT".equals(scope) ? subject : null;
        return new EntryCandidate(UUID.randomUUID().toString(), tenantId, document, CRYPTO_SHREDDING, "api", now,
                Sha256.hex(body.getBytes(StandardCharsets.UTF_8)), body);
    }

    private EntryCandidate deadLetter(String topic, String key, String digest, PipelineEvent event, Headers headers,
                                      Instant received) {
        String headerEventId = idOrNull(header(headers, KafkaHeaders.EVENT_ID));
        Map<String, Object> projection = new TreeMap<>();
        projection.put("eventType", DEAD_LETTER);
        projection.put("topic", topic);
        projection.put("originalTopic", clean(header(headers, DLQ_TOPIC)));
        projection.put("reason", clean(header(headers, DLQ_REASON)));
        projection.put("exception", clean(header(headers, DLQ_EXCEPTION)));
        projection.put("headerEventId", headerEventId);
        projection.put("headerEventType", idOrNull(header(headers, KafkaHeaders.EVENT_TYPE)));
        projection.put("validEvent", event != null);
        String tenant;
        String document;
        if (event != null) {
            projection.put("deadEvent", common(event.header(), topic));
            tenant = event.header().tenantId();
            document = event.header().documentId();
        } else {
            tenant = tenantOrUnknown(header(headers, KafkaHeaders.TENANT));
            document = idOrNull(key);
        }
        // The dead event already has its own entry under its eventId; this entry records its dead-lettering.
        String subject = headerEventId != null ? headerEventId : digest;
        String eventId = UUID.nameUUIDFromBytes(("dead-letter/" + topic + "/" + subject)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EntryCandidate(eventId, tenant, document, DEAD_LETTER, topic, received, digest, json(projection));
    }

    private EntryCandidate invalid(String topic, String key, String digest, Headers headers, Instant received) {
        Map<String, Object> projection = new TreeMap<>();
        projection.put("eventType", INVALID_EVENT);
        projection.put("topic", topic);
        projection.put("headerEventId", idOrNull(header(headers, KafkaHeaders.EVENT_ID)));
        projection.put("headerEventType", idOrNull(header(headers, KafkaHeaders.EVENT_TYPE)));
        String eventId = UUID.nameUUIDFromBytes(("invalid/" + topic + "/" + digest)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EntryCandidate(eventId, tenantOrUnknown(header(headers, KafkaHeaders.TENANT)), idOrNull(key),
                INVALID_EVENT, topic, received, digest, json(projection));
    }

    /**
     * A sealed record the ledger could not open: recorded (never dropped) with the reason code, so tampering and
     * records of shredded tenants are audit evidence too. Keyed like an invalid event, by topic and body digest.
     */
    private EntryCandidate unreadable(String topic, String key, String digest, Headers headers, Instant received,
                                      EnvelopeRejectedException rejection) {
        Map<String, Object> projection = new TreeMap<>();
        projection.put("eventType", UNREADABLE_ENVELOPE);
        projection.put("topic", topic);
        projection.put("reasonCode", rejection.reason().code());
        projection.put("headerEventId", idOrNull(header(headers, KafkaHeaders.EVENT_ID)));
        projection.put("headerEventType", idOrNull(header(headers, KafkaHeaders.EVENT_TYPE)));
        String eventId = UUID.nameUUIDFromBytes(("unreadable/" + topic + "/" + digest)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EntryCandidate(eventId, tenantOrUnknown(header(headers, KafkaHeaders.TENANT)), idOrNull(key),
                UNREADABLE_ENVELOPE, topic, received, digest, json(projection));
    }

    private static Map<String, Object> common(EventHeader header, String topic) {
        Map<String, Object> projection = new TreeMap<>();
        projection.put("eventType", header.eventType());
        projection.put("schemaVersion", header.schemaVersion());
        projection.put("topic", topic);
        projection.put("correlationId", header.correlationId());
        projection.put("causationId", header.causationId());
        projection.put("producerService", header.producer().service());
        projection.put("producerVersion", header.producer().version());
        return projection;
    }

    /** The allow-listed, PHI-free fields of each event type. */
    private static Map<String, Object> details(PipelineEvent event) {
        Map<String, Object> d = new TreeMap<>();
        switch (event) {
            case DocumentIngested e -> {
                d.put("contentSha256", sha(e.source()));
                d.put("mediaType", e.source().mediaType());
                d.put("pageCount", e.pageCount());
                d.put("priority", e.priority().name());
                d.put("requestedTasks", e.requestedTasks().stream().map(Enum::name).sorted().toList());
                d.put("cloudConsent", e.cloudConsent());
                d.put("metadataStripped", e.metadataStripped());
            }
            case DocumentExtracted e -> {
                d.put("contentSha256", sha(e.extraction()));
                d.put("extractorVersion", clean(e.extractorVersion()));
                d.put("pageCount", e.pages().size());
                d.put("meanConfidence", e.meanConfidence());
                d.put("lowConfidencePages", e.lowConfidencePages());
            }
            case DocumentRedacted e -> {
                d.put("contentSha256", sha(e.redactedText()));
                d.put("redactionVersion", clean(e.redactionVersion()));
                d.put("residualPhiDetected", e.residualPhiDetected());
                // Counts per identifier type only: placeholders and offsets stay out.
                d.put("entityCounts", e.entities().stream().collect(Collectors.groupingBy(
                        entity -> clean(entity.type()), TreeMap::new, Collectors.counting())));
            }
            case DocumentRouted e -> {
                d.put("documentClass", clean(e.documentClass()));
                d.put("classConfidence", e.classConfidence());
                d.put("tier", e.tier());
                d.put("route", e.route().name());
                d.put("humanReviewRequired", e.humanReviewRequired());
                d.put("reasons", e.reasons().stream().map(EntryProjector::clean).toList());
                d.put("policyId", clean(e.policyId()));
                d.put("policyVersion", clean(e.policyVersion()));
                d.put("contentSha256", e.payload() == null ? null : sha(e.payload()));
            }
            case AnalysisProposed e -> {
                d.put("task", e.task().name());
                d.put("route", e.route().name());
                d.put("provider", clean(e.provider()));
                d.put("modelId", clean(e.modelId()));
                d.put("modelVersion", clean(e.modelVersion()));
                d.put("promptTemplateId", clean(e.promptTemplateId()));
                d.put("promptTemplateVersion", clean(e.promptTemplateVersion()));
                d.put("inputDigest", clean(e.inputDigest()));
                d.put("contentSha256", sha(e.output()));
                d.put("status", e.status().name());
                d.put("latencyMillis", e.latencyMillis());
                d.put("inputTokens", e.inputTokens());
                d.put("outputTokens", e.outputTokens());
            }
            case ReviewDecision e -> {
                d.put("analysisEventId", clean(e.analysisEventId()));
                d.put("reviewerId", clean(e.reviewerId()));
                d.put("decision", e.decision().name());
                d.put("contentSha256", e.corrections() == null ? null : sha(e.corrections()));
            }
            case StageFailed e -> {
                d.put("stage", e.stage().id());
                d.put("reasonCode", clean(e.reasonCode()));
                d.put("reason", clean(e.reason()));
                d.put("retryable", e.retryable());
                d.put("failedEventId", clean(e.failedEventId()));
            }
            case SecurityEvent e -> {
                d.put("stage", e.stage().id());
                d.put("kind", clean(e.kind()));
                d.put("detail", clean(e.detail()));
            }
        }
        return d;
    }

    /** Only the digest of claim-checked content: inline text never enters the ledger. */
    private static String sha(ContentRef ref) {
        return clean(ref.sha256());
    }

    /**
     * A parsed (opened) event whose header is usable as ledger keys, or null.
     *
     * @throws EnvelopeRejectedException if a sealed record does not open or a must-seal type came in clear
     */
    private PipelineEvent parse(byte[] body, Headers headers) {
        try {
            PipelineEvent event = envelope.open(body, headers);
            EventHeader header = event.header();
            boolean usable = ID.matcher(header.eventId()).matches() && TENANT.matcher(header.tenantId()).matches()
                    && ID.matcher(header.documentId()).matches();
            return usable ? event : null;
        } catch (EnvelopeRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String idOrNull(String value) {
        return value != null && ID.matcher(value).matches() ? value : null;
    }

    private static String tenantOrUnknown(String value) {
        return value != null && TENANT.matcher(value).matches() ? value : EntryCandidate.UNKNOWN_TENANT;
    }

    /** Untrusted text: control characters removed, at most {@value #MAX_TEXT} characters. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String printable = value.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= MAX_TEXT ? printable : printable.substring(0, MAX_TEXT) + "…";
    }

    private String json(Map<String, Object> projection) {
        try {
            return mapper.writeValueAsString(projection);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("projection is not serialisable", e);
        }
    }

}
