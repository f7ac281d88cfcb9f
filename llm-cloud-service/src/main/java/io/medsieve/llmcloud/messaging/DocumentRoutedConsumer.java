package io.medsieve.llmcloud.messaging;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Route;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.domain.AnalysisRequest;
import io.medsieve.llmcloud.repository.CloudRepository;
import io.medsieve.llmcloud.service.StageEventFactory;
import io.medsieve.llmcloud.service.TenantPolicy;
import io.medsieve.storage.crypto.EnvelopeRejectedException;
import io.medsieve.storage.crypto.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stage's entry point: records one durable request per requested task of each CLOUD_SYNC or CLOUD_BATCH routed
 * document, then acknowledges the record. Nothing is sent from here; the {@code Dispatcher} does that from the
 * database, so a provider outage or a restart never loses a document and never blocks the partition.
 *
 * <p>Other routes are acknowledged and ignored. A tenant without a cloud policy, or a document without cloud
 * consent, gets a StageFailed (human review). Records that are not a readable DocumentRouted fail and go to
 * {@code dlq-llm-cloud}.
 */
@ApplicationScoped
public class DocumentRoutedConsumer {

    private static final Logger LOG = Logger.getLogger(DocumentRoutedConsumer.class);

    private final CloudRepository repository;
    private final TenantPolicy policy;
    private final StageEventFactory events;
    private final EventEnvelope envelope;

    public DocumentRoutedConsumer(CloudRepository repository, TenantPolicy policy, StageEventFactory events,
                                  EventEnvelope envelope) {
        this.repository = repository;
        this.policy = policy;
        this.events = events;
        this.envelope = envelope;
    }

    @Incoming(Topics.DOCUMENT_ROUTED)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        DocumentRouted routed;
        try {
            // Throws EventJson.InvalidEventException (a message without input bytes): the record goes to the DLQ.
            routed = envelope.open(record, DocumentRouted.class);
        } catch (EnvelopeRejectedException e) {
            // Tampered, moved to another tenant or shredded: reported (via the outbox), then dead-lettered.
            Instant now = Instant.now();
            repository.enqueue(List.of(events.rejected(record, e, now)), now);
            throw e;
        }
        if (routed.route() != Route.CLOUD_SYNC && routed.route() != Route.CLOUD_BATCH) {
            return;
        }
        Instant now = Instant.now();
        String tenantId = routed.header().tenantId();
        if (!routed.intake().cloudConsent()) {
            repository.enqueue(List.of(events.failed(routed.header(), null, "llm-cloud.no-consent",
                    "The document was routed to the cloud without cloud consent; it needs human review.", false,
                    now)), now);
            return;
        }
        TenantPolicy.Decision decision = policy.resolve(tenantId);
        if (decision instanceof TenantPolicy.Decision.Denied denied) {
            repository.enqueue(List.of(events.failed(routed.header(), null, denied.code(), denied.reason(), false,
                    now)), now);
            return;
        }
        TenantPolicy.Decision.Allowed allowed = (TenantPolicy.Decision.Allowed) decision;
        String json = new String(EventJson.write(routed), StandardCharsets.UTF_8);
        List<AnalysisRequest> requests = new ArrayList<>();
        for (AnalysisTask task : routed.intake().requestedTasks()) {
            UUID id = UUID.fromString(events.proposedHeader(routed.header(), task.name(), now).eventId());
            requests.add(new AnalysisRequest(id, routed.header().eventId(), task, tenantId,
                    routed.header().documentId(), routed.route(), allowed.provider(), allowed.model(), json, 0, 0,
                    null));
        }
        int inserted = repository.insertRequests(requests, now);
        LOG.infof("Document %s routed %s: %d task(s) queued for %s", routed.header().documentId(), routed.route(),
                inserted, allowed.provider());
    }
}
