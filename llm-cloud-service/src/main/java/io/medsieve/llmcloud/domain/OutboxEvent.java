package io.medsieve.llmcloud.domain;

import io.medsieve.events.EventJson;
import io.medsieve.events.PipelineEvent;

/**
 * An event decided in a database transaction and published afterwards, so a crash between deciding and publishing
 * loses nothing (and a redelivery carries the same eventId). {@code traceParent} is the W3C traceparent of the
 * document's trace, which the repository stores with the row, so the publisher sends it in that trace.
 */
public record OutboxEvent(String eventId, String topic, String key, String eventType, String tenantId,
                          byte[] payload, String traceParent) {

    public static OutboxEvent of(String topic, PipelineEvent event) {
        return new OutboxEvent(event.header().eventId(), topic, event.header().documentId(),
                event.header().eventType(), event.header().tenantId(), EventJson.write(event), null);
    }
}
