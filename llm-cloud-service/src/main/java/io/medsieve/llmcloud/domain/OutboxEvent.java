package io.medsieve.llmcloud.domain;

import io.medsieve.events.EventJson;
import io.medsieve.events.PipelineEvent;

/**
 * An event decided in a database transaction and published afterwards, so a crash between deciding and publishing
 * loses nothing (and a redelivery carries the same eventId).
 */
public record OutboxEvent(String eventId, String topic, String key, String eventType, String tenantId,
                          byte[] payload) {

    public static OutboxEvent of(String topic, PipelineEvent event) {
        return new OutboxEvent(event.header().eventId(), topic, event.header().documentId(),
                event.header().eventType(), event.header().tenantId(), EventJson.write(event));
    }
}
