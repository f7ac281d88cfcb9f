package io.medsieve.llmcloud.repository;

import io.medsieve.events.Route;
import io.medsieve.events.TraceParent;
import io.medsieve.llmcloud.domain.AnalysisRequest;
import io.medsieve.llmcloud.domain.AnalysisRequestEntity;
import io.medsieve.llmcloud.domain.CloudBatch;
import io.medsieve.llmcloud.domain.CloudBatchEntity;
import io.medsieve.llmcloud.domain.OutboxEvent;
import io.medsieve.llmcloud.domain.OutboxEventEntity;
import io.medsieve.llmcloud.domain.ShiftedDateEntity;
import io.medsieve.llmcloud.domain.Usage;
import io.medsieve.llmcloud.guard.ShiftedDate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The stage's durable state in PostgreSQL through Hibernate Reactive (see the Flyway migrations). Work is claimed
 * with a lease ({@code SELECT ... FOR UPDATE SKIP LOCKED}, then {@code next_attempt_at} / {@code next_poll_at} pushed
 * past the lease), so several instances share the work and a crashed instance's claims come back after the lease.
 * Every state change that produces an event writes that event to the outbox in the same transaction, and every call's
 * cost is reserved on the tenant's budget before it is sent and settled or released in the transaction that ends it.
 *
 * <p>The public methods block: their callers are the dispatch loop and a {@code @Blocking} consumer on worker
 * threads, whose other steps (provider HTTP, encryption) block anyway. Each call runs one reactive transaction on a
 * fresh Vert.x context and waits for it, so the reactive session never leaks across threads.
 */
@ApplicationScoped
public class CloudRepository {

    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private static final String INSERT_REQUEST = """
            insert into analysis_request (id, input_event_id, task, tenant_id, document_id, route, provider, model,
                routed_event, status, next_attempt_at, created_at, updated_at, traceparent)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'PENDING', ?10, ?10, ?10, ?11)
            on conflict do nothing
            """;
    private static final String CLAIM_DUE = """
            select * from analysis_request
            where status = 'PENDING' and route = ?1 and next_attempt_at <= ?2 and created_at <= ?3
            order by next_attempt_at limit ?4
            for update skip locked
            """;
    private static final String CLAIM_BATCHES = """
            select * from cloud_batch
            where status = 'SUBMITTED' and next_poll_at <= ?1
            order by next_poll_at limit ?2
            for update skip locked
            """;
    private static final String INSERT_OUTBOX = """
            insert into outbox_event (event_id, topic, record_key, event_type, tenant_id, payload, created_at,
                traceparent)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            on conflict (event_id) do nothing
            """;
    private static final String ENSURE_USAGE_ROW = """
            insert into tenant_usage (tenant_id, period) values (?1, ?2)
            on conflict (tenant_id, period) do nothing
            """;
    /** One statement, so the row lock makes check and reservation atomic against concurrent reservations. */
    private static final String RESERVE = """
            update tenant_usage set reserved_micros = reserved_micros + ?3
            where tenant_id = ?1 and period = ?2 and cost_micros + reserved_micros + ?3 <= ?4
            """;
    private static final String RELEASE = """
            update tenant_usage set reserved_micros = greatest(0, reserved_micros - ?3)
            where tenant_id = ?1 and period = ?2
            """;
    private static final String INSERT_SHIFTED_DATE = """
            insert into shifted_date (tenant_id, document_id, text_sha256, page, start_offset, end_offset, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            on conflict do nothing
            """;
    private static final String ADD_USAGE = """
            insert into tenant_usage (tenant_id, period, requests, input_tokens, output_tokens, cost_micros)
            values (?1, ?2, 1, ?3, ?4, ?5)
            on conflict (tenant_id, period) do update set requests = tenant_usage.requests + 1,
                input_tokens = tenant_usage.input_tokens + excluded.input_tokens,
                output_tokens = tenant_usage.output_tokens + excluded.output_tokens,
                cost_micros = tenant_usage.cost_micros + excluded.cost_micros
            """;

    /** Records new work; a redelivered routed event inserts nothing. */
    public int insertRequests(List<AnalysisRequest> requests, Instant now) {
        // The routed record's consumer span (read here: the transaction runs on another context): the request's
        // events are published later, in this trace.
        String traceparent = TraceParent.ofCurrentSpan();
        return inTransaction(() -> Panache.getSession().chain(session -> Multi.createFrom().iterable(requests)
                .onItem().transformToUniAndConcatenate(r -> session.createNativeQuery(INSERT_REQUEST)
                        .setParameter(1, r.id())
                        .setParameter(2, r.inputEventId())
                        .setParameter(3, r.task().name())
                        .setParameter(4, r.tenantId())
                        .setParameter(5, r.documentId())
                        .setParameter(6, r.route().name())
                        .setParameter(7, r.provider())
                        .setParameter(8, r.model())
                        .setParameter(9, r.routedEvent())
                        .setParameter(10, at(now))
                        .setParameter(11, traceparent)
                        .executeUpdate())
                .collect().in(() -> new int[1], (sum, n) -> sum[0] += n)
                .map(sum -> sum[0])));
    }

    /** Outcome events with no work row (an unreadable policy, say), written to the outbox only. */
    public void enqueue(List<OutboxEvent> events, Instant now) {
        String traceparent = TraceParent.ofCurrentSpan();
        inTransaction(() -> Panache.getSession().chain(session -> insertOutbox(session, events, now, traceparent)));
    }

    /**
     * Claims up to {@code limit} pending requests of a route that are due, leasing them until {@code leaseUntil}.
     * For CLOUD_BATCH only requests created before {@code createdBefore} count as due (the gather window).
     */
    public List<AnalysisRequest> claimDue(Route route, int limit, Instant now, Instant createdBefore,
                                          Instant leaseUntil) {
        return inTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(CLAIM_DUE, AnalysisRequestEntity.class)
                .setParameter(1, route.name())
                .setParameter(2, at(now))
                .setParameter(3, at(createdBefore))
                .setParameter(4, limit)
                .getResultList()
                .map(rows -> rows.stream().map(row -> {
                    row.nextAttemptAt = leaseUntil;
                    row.updatedAt = now;
                    return row.toRequest();
                }).toList())));
    }

    /** Records the shifted dates the redaction stage declared for one redacted text; a redelivery adds nothing. */
    public void recordShiftedDates(String tenantId, String documentId, String textSha256, List<ShiftedDate> dates,
                                   Instant now) {
        inTransaction(() -> Panache.getSession().chain(session -> Multi.createFrom().iterable(dates)
                .onItem().transformToUniAndConcatenate(date -> session.createNativeQuery(INSERT_SHIFTED_DATE)
                        .setParameter(1, tenantId)
                        .setParameter(2, documentId)
                        .setParameter(3, textSha256)
                        .setParameter(4, date.page())
                        .setParameter(5, date.start())
                        .setParameter(6, date.end())
                        .setParameter(7, at(now))
                        .executeUpdate())
                .collect().last()
                .replaceWithVoid()));
    }

    /** The shifted dates declared for this document's redacted text with this digest (empty if none). */
    public List<ShiftedDate> shiftedDates(String tenantId, String documentId, String textSha256) {
        return inTransaction(() -> ShiftedDateEntity.<ShiftedDateEntity>list(
                        "tenantId = ?1 and documentId = ?2 and textSha256 = ?3", tenantId, documentId, textSha256)
                .map(rows -> rows.stream().map(ShiftedDateEntity::toShiftedDate).toList()));
    }

    /** The requests currently inside one of our batches. */
    public List<AnalysisRequest> requestsOfBatch(UUID batchId) {
        return inTransaction(() -> AnalysisRequestEntity.<AnalysisRequestEntity>list(
                        "batchId = ?1 and status = 'IN_BATCH'", batchId)
                .map(rows -> rows.stream().map(AnalysisRequestEntity::toRequest).toList()));
    }

    /**
     * Reserves the estimated cost of sending these requests (request id to estimate) on the tenant's month, all or
     * nothing, if spent plus reserved plus the estimates stays within {@code budgetMicros}. A reservation a request
     * still holds (a crashed instance's, say) is released first, so a retried claim never counts twice.
     *
     * @return whether the reservation was taken; if not, nothing is reserved for these requests
     */
    public boolean reserve(String tenantId, Map<UUID, Long> estimates, long budgetMicros, Instant now) {
        String period = PERIOD.format(now);
        long total = estimates.values().stream().mapToLong(Long::longValue).sum();
        return inTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(ENSURE_USAGE_ROW)
                .setParameter(1, tenantId)
                .setParameter(2, period)
                .executeUpdate()
                .chain(() -> Multi.createFrom().iterable(estimates.keySet())
                        .onItem().transformToUniAndConcatenate(id -> session.find(AnalysisRequestEntity.class, id)
                                .chain(row -> release(session, row).replaceWith(row)))
                        .collect().asList())
                .chain(rows -> session.createNativeQuery(RESERVE)
                        .setParameter(1, tenantId)
                        .setParameter(2, period)
                        .setParameter(3, total)
                        .setParameter(4, budgetMicros)
                        .executeUpdate()
                        .map(updated -> {
                            if (updated == 1) {
                                for (AnalysisRequestEntity row : rows) {
                                    row.reservedMicros = estimates.get(row.id);
                                    row.reservationPeriod = period;
                                }
                            }
                            return updated == 1;
                        }))));
    }

    /** The request is answered: the proposal goes to the outbox, the usage to the tenant's month (settling). */
    public void complete(UUID requestId, OutboxEvent proposed, Usage usage, Instant now) {
        inTransaction(() -> Panache.getSession().chain(session -> session.find(AnalysisRequestEntity.class, requestId)
                .chain(row -> {
                    setStatus(row, "DONE", null, now);
                    return release(session, row).chain(() -> insertOutbox(session, List.of(proposed), now,
                            row.traceParent));
                })
                .chain(() -> session.createNativeQuery(ADD_USAGE)
                        .setParameter(1, proposed.tenantId())
                        .setParameter(2, PERIOD.format(now))
                        .setParameter(3, usage.inputTokens())
                        .setParameter(4, usage.outputTokens())
                        .setParameter(5, usage.costMicros())
                        .executeUpdate())
                .replaceWithVoid()));
    }

    /**
     * The request ends without an answer (FAILED, or BLOCKED by the egress guard), its reservation is released and
     * its events are published.
     */
    public void finish(UUID requestId, String status, String code, List<OutboxEvent> events, Instant now) {
        inTransaction(() -> Panache.getSession().chain(session -> session.find(AnalysisRequestEntity.class, requestId)
                .chain(row -> {
                    setStatus(row, status, code, now);
                    return release(session, row).chain(() -> insertOutbox(session, events, now, row.traceParent));
                })));
    }

    /** The request waits: back to PENDING (out of any batch, reservation released) until {@code nextAttempt}. */
    public void retryLater(UUID requestId, int attempts, Instant nextAttempt, String code, Instant now) {
        inTransaction(() -> Panache.getSession().chain(session -> session.find(AnalysisRequestEntity.class, requestId)
                .chain(row -> {
                    setStatus(row, "PENDING", code, now);
                    row.attempts = attempts;
                    row.nextAttemptAt = nextAttempt;
                    row.batchId = null;
                    return release(session, row);
                })));
    }

    /** Records a submitted provider batch and moves its requests (and their reservations) into it. */
    public void batchSubmitted(CloudBatch batch, Collection<UUID> requestIds, Instant nextPoll) {
        CloudBatchEntity row = new CloudBatchEntity();
        row.id = batch.id();
        row.tenantId = batch.tenantId();
        row.provider = batch.provider();
        row.model = batch.model();
        row.providerBatchId = batch.providerBatchId();
        row.status = "SUBMITTED";
        row.submittedAt = batch.submittedAt();
        row.nextPollAt = nextPoll;
        inTransaction(() -> Panache.getSession().chain(session -> session.persist(row)
                .chain(() -> Multi.createFrom().iterable(requestIds)
                        .onItem().transformToUniAndConcatenate(id -> session.find(AnalysisRequestEntity.class, id)
                                .invoke(request -> {
                                    setStatus(request, "IN_BATCH", null, batch.submittedAt());
                                    request.batchId = batch.id();
                                    request.batchSubmissions++;
                                }))
                        .collect().last())
                .replaceWithVoid()));
    }

    /** Claims in-flight batches due for a poll, leasing them until {@code leaseUntil}. */
    public List<CloudBatch> claimBatchesToPoll(int limit, Instant now, Instant leaseUntil) {
        return inTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(CLAIM_BATCHES, CloudBatchEntity.class)
                .setParameter(1, at(now))
                .setParameter(2, limit)
                .getResultList()
                .map(rows -> rows.stream().map(row -> {
                    row.nextPollAt = leaseUntil;
                    return row.toBatch();
                }).toList())));
    }

    /** The batch is still running: look again at {@code nextPoll}. */
    public void pollLater(UUID batchId, Instant nextPoll) {
        inTransaction(() -> CloudBatchEntity.<CloudBatchEntity>findById(batchId)
                .invoke(row -> row.nextPollAt = nextPoll)
                .replaceWithVoid());
    }

    /** Every request of the batch has been reconciled. */
    public void batchEnded(UUID batchId, Instant now) {
        inTransaction(() -> CloudBatchEntity.<CloudBatchEntity>findById(batchId)
                .invoke(row -> {
                    row.status = "ENDED";
                    row.endedAt = now;
                })
                .replaceWithVoid());
    }

    /** Events not yet acknowledged by the broker, oldest first. */
    public List<OutboxEvent> unpublished(int limit) {
        return inTransaction(() -> OutboxEventEntity.<OutboxEventEntity>find(
                        "publishedAt is null order by createdAt, eventId")
                .page(0, limit)
                .list()
                .map(rows -> rows.stream().map(OutboxEventEntity::toEvent).toList()));
    }

    public void markPublished(String eventId, Instant now) {
        inTransaction(() -> OutboxEventEntity.update("publishedAt = ?1 where eventId = ?2", now, eventId)
                .replaceWithVoid());
    }

    private static void setStatus(AnalysisRequestEntity row, String status, String code, Instant now) {
        row.status = status;
        row.lastError = code;
        row.updatedAt = now;
    }

    /** Gives back what the request has reserved, if anything, in the month it was reserved in. */
    private static Uni<Void> release(Mutiny.Session session, AnalysisRequestEntity row) {
        if (row.reservedMicros <= 0 || row.reservationPeriod == null) {
            return Uni.createFrom().voidItem();
        }
        long amount = row.reservedMicros;
        String period = row.reservationPeriod;
        row.reservedMicros = 0;
        row.reservationPeriod = null;
        return session.createNativeQuery(RELEASE)
                .setParameter(1, row.tenantId)
                .setParameter(2, period)
                .setParameter(3, amount)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Writes events to the outbox, to be published in the trace {@code traceparent} names (null: a new trace). */
    private static Uni<Void> insertOutbox(Mutiny.Session session, List<OutboxEvent> events, Instant now,
                                          String traceparent) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> session.createNativeQuery(INSERT_OUTBOX)
                        .setParameter(1, e.eventId())
                        .setParameter(2, e.topic())
                        .setParameter(3, e.key())
                        .setParameter(4, e.eventType())
                        .setParameter(5, e.tenantId())
                        .setParameter(6, e.payload())
                        .setParameter(7, at(now))
                        .setParameter(8, traceparent)
                        .executeUpdate())
                .collect().last()
                .replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Runs one transaction on a fresh Vert.x context and waits for it. Failures surface as their class only: a
     * database message can quote parameter values.
     */
    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (Throwable e) {
            throw new IllegalStateException("database operation failed: " + e.getClass().getName());
        }
    }
}
