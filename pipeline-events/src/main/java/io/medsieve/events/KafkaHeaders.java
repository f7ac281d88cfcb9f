package io.medsieve.events;

/**
 * Kafka record headers every producer sets, so consumers (the audit ledger, DLQ tooling) can route and account
 * for a record without parsing its value.
 */
public final class KafkaHeaders {

    public static final String EVENT_ID = "medsieve-event-id";
    public static final String EVENT_TYPE = "medsieve-event-type";
    public static final String TENANT = "medsieve-tenant";

    private KafkaHeaders() {
    }
}
