package io.medsieve.llmlocal.service;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Producer;
import io.medsieve.events.Stage;
import io.medsieve.events.StageFailed;
import io.medsieve.prompts.PromptTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;

/**
 * Builds the stage's output events with deterministic eventIds ({@link EventHeader#causedBy}). The discriminator is
 * the task plus the prompt template's id and version, so a redelivered input yields the same ids (consumers
 * de-duplicate, and the processed-set skips the model call), while a new template release is a new analysis.
 */
@ApplicationScoped
public class StageEventFactory {

    private final Producer producer;

    public StageEventFactory(@ConfigProperty(name = "quarkus.application.name") String service,
                             @ConfigProperty(name = "quarkus.application.version") String version) {
        this.producer = new Producer(service, version);
    }

    /** The discriminator of one task's events. */
    public static String discriminator(AnalysisTask task, PromptTemplate template) {
        return task.name() + "/" + template.id() + "@" + template.version();
    }

    /**
     * The discriminator of the review packet event for one task. No template in it: a packet holds no model output,
     * so a new template release does not make it a new packet.
     */
    public static String reviewPacketDiscriminator(AnalysisTask task) {
        return "REVIEW_PACKET/" + task.name();
    }

    /** Header of the AnalysisProposed for one task. */
    public EventHeader proposedHeader(EventHeader cause, String discriminator, Instant now) {
        return EventHeader.causedBy(cause, AnalysisProposed.TYPE, discriminator, AnalysisProposed.SCHEMA_VERSION,
                null, producer, now);
    }

    /**
     * A failure that sends the document (or one task of it, when {@code discriminator} is not null) to human review.
     */
    public StageFailed failed(EventHeader cause, String discriminator, String code, String reason, boolean retryable,
                              Instant now) {
        EventHeader header = EventHeader.causedBy(cause, StageFailed.TYPE, discriminator == null ? "" : discriminator,
                StageFailed.SCHEMA_VERSION, null, producer, now);
        return new StageFailed(header, Stage.LLM_LOCAL, code, reason, retryable, cause.eventId());
    }
}
