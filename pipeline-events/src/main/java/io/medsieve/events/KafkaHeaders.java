package io.medsieve.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka record headers every producer sets, so consumers (the audit ledger, DLQ tooling) can route and account
 * for a record without parsing its value.
 */
public final class KafkaHeaders {

    public static final String EVENT_ID = "medsieve-event-id";
    public static final String EVENT_TYPE = "medsieve-event-type";
    public static final String TENANT = "medsieve-tenant";
    /** The document a sealed record belongs to (set by the event envelope, which binds it into the ciphertext). */
    public static final String DOCUMENT = "medsieve-document";

    private KafkaHeaders() {
    }

    /**
     * The headers a producer sets on a record carrying an event, in order, as the UTF-8 bytes Kafka stores. Add
     * each entry to the record's headers; this module stays free of a Kafka dependency.
     */
    public static Map<String, byte[]> of(String eventId, String eventType, String tenantId) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        headers.put(EVENT_TYPE, eventType.getBytes(StandardCharsets.UTF_8));
        headers.put(TENANT, tenantId.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
