package io.medsieve.llmcloud.service;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Producer;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.domain.OutboxEvent;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;

/**
 * Builds the stage's output events with deterministic eventIds ({@link EventHeader#causedBy}), one per task where an
 * input yields several, so a reprocessed input produces the same ids.
 */
@ApplicationScoped
public class StageEventFactory {

    private final Producer producer;

    public StageEventFactory(@ConfigProperty(name = "quarkus.application.name") String service,
                             @ConfigProperty(name = "quarkus.application.version") String version) {
        this.producer = new Producer(service, version);
    }

    /** Header of the AnalysisProposed for one task; its eventId is also the request's id and custom_id. */
    public EventHeader proposedHeader(EventHeader cause, String task, Instant now) {
        return EventHeader.causedBy(cause, AnalysisProposed.TYPE, task, AnalysisProposed.SCHEMA_VERSION, null,
                producer, now);
    }

    /** A failure (per task when {@code task} is not null) that sends the document to human review when final. */
    public OutboxEvent failed(EventHeader cause, String task, String code, String reason, boolean retryable,
                              Instant now) {
        EventHeader header = EventHeader.causedBy(cause, StageFailed.TYPE, task == null ? "" : task,
                StageFailed.SCHEMA_VERSION, null, producer, now);
        return OutboxEvent.of(Topics.STAGE_FAILURES,
                new StageFailed(header, Stage.LLM_CLOUD, code, reason, retryable, cause.eventId()));
    }

    /** The security event reporting a consumed record whose envelope did not open (it is then dead-lettered). */
    public OutboxEvent rejected(ConsumerRecord<String, byte[]> record, EnvelopeRejectedException rejection,
                                Instant now) {
        return OutboxEvent.of(Topics.SECURITY_EVENTS,
                EventEnvelope.rejection(record, rejection, Stage.LLM_CLOUD, producer, now));
    }

    /** A security event for a blocked egress (one per input, whatever the number of tasks). */
    public OutboxEvent security(EventHeader cause, String kind, String detail, Instant now) {
        EventHeader header = EventHeader.causedBy(cause, SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION, null,
                producer, now);
        return OutboxEvent.of(Topics.SECURITY_EVENTS, new SecurityEvent(header, Stage.LLM_CLOUD, kind, detail));
    }
}
