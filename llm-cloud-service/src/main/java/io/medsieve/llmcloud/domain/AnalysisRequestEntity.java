package io.medsieve.llmcloud.domain;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Route;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The {@code analysis_request} row (Hibernate Reactive). The work loop sees it only as the {@link AnalysisRequest}
 * value, so a row is never kept across transactions; status and lease changes happen inside the repository.
 */
@Entity
@Table(name = "analysis_request")
public class AnalysisRequestEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "input_event_id", nullable = false)
    public String inputEventId;

    @Column(nullable = false)
    public String task;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "document_id", nullable = false)
    public String documentId;

    @Column(nullable = false)
    public String route;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String model;

    /** The DocumentRouted JSON: identifiers and the claim-check, never the text. */
    @Column(name = "routed_event", nullable = false, columnDefinition = "text")
    public String routedEvent;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "batch_submissions", nullable = false)
    public int batchSubmissions;

    /** Due time when PENDING; while claimed, the end of the claim's lease. */
    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "batch_id")
    public UUID batchId;

    @Column(name = "last_error")
    public String lastError;

    /** Cost reserved on the tenant's budget for the call in flight; 0 when nothing is reserved. */
    @Column(name = "reserved_micros", nullable = false)
    public long reservedMicros;

    /** The month ({@code yyyy-MM}, UTC) {@link #reservedMicros} was reserved in. */
    @Column(name = "reservation_period")
    public String reservationPeriod;

    /** W3C traceparent (ids only) of the span that received the routed record; its events are sent in it. */
    @Column(name = "traceparent")
    public String traceParent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The value the work loop handles. */
    public AnalysisRequest toRequest() {
        return new AnalysisRequest(id, inputEventId, AnalysisTask.valueOf(task), tenantId, documentId,
                Route.valueOf(route), provider, model, routedEvent, attempts, batchSubmissions, batchId);
    }
}
