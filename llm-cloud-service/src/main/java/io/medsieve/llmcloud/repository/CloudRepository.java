package io.medsieve.llmcloud.repository;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Route;
import io.medsieve.events.TraceParent;
import io.medsieve.llmcloud.domain.AnalysisRequest;
import io.medsieve.llmcloud.domain.CloudBatch;
import io.medsieve.llmcloud.domain.OutboxEvent;
import io.medsieve.llmcloud.domain.Usage;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The stage's durable state (see V1__llm_cloud_schema.sql). Work is claimed with a lease ({@code FOR UPDATE SKIP
 * LOCKED}, then {@code next_attempt_at} pushed past the lease), so several instances share the work and a crashed
 * instance's claims come back after the lease. Every state change that produces an event writes that event to the
 * outbox in the same transaction.
 *
 * <p>Plain JDBC on worker threads: all callers are blocking (the scheduled loop, a {@code @Blocking} consumer).
 */
@ApplicationScoped
public class CloudRepository {

    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final String REQUEST_COLUMNS = "id, input_event_id, task, tenant_id, document_id, route, provider,"
            + " model, routed_event, attempts, batch_submissions, batch_id";

    private final DataSource dataSource;

    public CloudRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records new work; a redelivered routed event inserts nothing. */
    public int insertRequests(List<AnalysisRequest> requests, Instant now) {
        return inTransaction(c -> {
            int inserted = 0;
            try (PreparedStatement s = c.prepareStatement("insert into analysis_request (id, input_event_id, task,"
                    + " tenant_id, document_id, route, provider, model, routed_event, status, next_attempt_at,"
                    + " created_at, updated_at, traceparent) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)"
                    + " on conflict do nothing")) {
                // The routed record's consumer span: its events are published later, in this trace.
                String traceparent = TraceParent.ofCurrentSpan();
                for (AnalysisRequest r : requests) {
                    s.setObject(1, r.id());
                    s.setString(2, r.inputEventId());
                    s.setString(3, r.task().name());
                    s.setString(4, r.tenantId());
                    s.setString(5, r.documentId());
                    s.setString(6, r.route().name());
                    s.setString(7, r.provider());
                    s.setString(8, r.model());
                    s.setString(9, r.routedEvent());
                    s.setTimestamp(10, ts(now));
                    s.setTimestamp(11, ts(now));
                    s.setTimestamp(12, ts(now));
                    s.setString(13, traceparent);
                    inserted += s.executeUpdate();
                }
            }
            return inserted;
        });
    }

    /** Outcome events with no work row (an unreadable policy, say), written to the outbox only. */
    public void enqueue(List<OutboxEvent> events, Instant now) {
        inTransaction(c -> {
            insertOutbox(c, events, now, TraceParent.ofCurrentSpan());
            return null;
        });
    }

    /**
     * Claims up to {@code limit} pending requests of a route that are due, leasing them until {@code leaseUntil}.
     * For CLOUD_BATCH only requests created before {@code createdBefore} count as due (the gather window).
     */
    public List<AnalysisRequest> claimDue(Route route, int limit, Instant now, Instant createdBefore,
                                          Instant leaseUntil) {
        return inTransaction(c -> {
            List<AnalysisRequest> claimed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("update analysis_request set next_attempt_at = ?,"
                    + " updated_at = ? where id in (select id from analysis_request where status = 'PENDING'"
                    + " and route = ? and next_attempt_at <= ? and created_at <= ? order by next_attempt_at"
                    + " limit ? for update skip locked) returning " + REQUEST_COLUMNS)) {
                s.setTimestamp(1, ts(leaseUntil));
                s.setTimestamp(2, ts(now));
                s.setString(3, route.name());
                s.setTimestamp(4, ts(now));
                s.setTimestamp(5, ts(createdBefore));
                s.setInt(6, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(request(rs));
                    }
                }
            }
            return claimed;
        });
    }

    /** The requests currently inside one of our batches. */
    public List<AnalysisRequest> requestsOfBatch(UUID batchId) {
        return inTransaction(c -> {
            List<AnalysisRequest> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select " + REQUEST_COLUMNS
                    + " from analysis_request where batch_id = ? and status = 'IN_BATCH'")) {
                s.setObject(1, batchId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(request(rs));
                    }
                }
            }
            return out;
        });
    }

    /** The request is answered: the proposal goes to the outbox and the usage to the tenant's month. */
    public void complete(UUID requestId, OutboxEvent proposed, Usage usage, Instant now) {
        inTransaction(c -> {
            setStatus(c, requestId, "DONE", null, now);
            insertOutbox(c, List.of(proposed), now, traceParentOf(c, requestId));
            addUsage(c, proposed.tenantId(), usage, now);
            return null;
        });
    }

    /** The request ends without an answer (FAILED, or BLOCKED by the egress guard) and its events are published. */
    public void finish(UUID requestId, String status, String code, List<OutboxEvent> events, Instant now) {
        inTransaction(c -> {
            setStatus(c, requestId, status, code, now);
            insertOutbox(c, events, now, traceParentOf(c, requestId));
            return null;
        });
    }

    /** The request waits: back to PENDING (out of any batch) until {@code nextAttempt}. */
    public void retryLater(UUID requestId, int attempts, Instant nextAttempt, String code, Instant now) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update analysis_request set status = 'PENDING',"
                    + " attempts = ?, next_attempt_at = ?, last_error = ?, batch_id = null, updated_at = ?"
                    + " where id = ?")) {
                s.setInt(1, attempts);
                s.setTimestamp(2, ts(nextAttempt));
                s.setString(3, code);
                s.setTimestamp(4, ts(now));
                s.setObject(5, requestId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Records a submitted provider batch and moves its requests into it. */
    public void batchSubmitted(CloudBatch batch, Collection<UUID> requestIds, Instant nextPoll) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into cloud_batch (id, tenant_id, provider, model,"
                    + " provider_batch_id, status, submitted_at, next_poll_at) values (?, ?, ?, ?, ?, 'SUBMITTED',"
                    + " ?, ?)")) {
                s.setObject(1, batch.id());
                s.setString(2, batch.tenantId());
                s.setString(3, batch.provider());
                s.setString(4, batch.model());
                s.setString(5, batch.providerBatchId());
                s.setTimestamp(6, ts(batch.submittedAt()));
                s.setTimestamp(7, ts(nextPoll));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("update analysis_request set status = 'IN_BATCH',"
                    + " batch_id = ?, batch_submissions = batch_submissions + 1, updated_at = ? where id = ?")) {
                for (UUID id : requestIds) {
                    s.setObject(1, batch.id());
                    s.setTimestamp(2, ts(batch.submittedAt()));
                    s.setObject(3, id);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /** Claims in-flight batches due for a poll, leasing them until {@code leaseUntil}. */
    public List<CloudBatch> claimBatchesToPoll(int limit, Instant now, Instant leaseUntil) {
        return inTransaction(c -> {
            List<CloudBatch> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("update cloud_batch set next_poll_at = ? where id in"
                    + " (select id from cloud_batch where status = 'SUBMITTED' and next_poll_at <= ?"
                    + " order by next_poll_at limit ? for update skip locked)"
                    + " returning id, tenant_id, provider, model, provider_batch_id, submitted_at")) {
                s.setTimestamp(1, ts(leaseUntil));
                s.setTimestamp(2, ts(now));
                s.setInt(3, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CloudBatch(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /** The batch is still running: look again at {@code nextPoll}. */
    public void pollLater(UUID batchId, Instant nextPoll) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update cloud_batch set next_poll_at = ? where id = ?")) {
                s.setTimestamp(1, ts(nextPoll));
                s.setObject(2, batchId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Every request of the batch has been reconciled. */
    public void batchEnded(UUID batchId, Instant now) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update cloud_batch set status = 'ENDED', ended_at = ?"
                    + " where id = ?")) {
                s.setTimestamp(1, ts(now));
                s.setObject(2, batchId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Events not yet acknowledged by the broker, oldest first. */
    public List<OutboxEvent> unpublished(int limit) {
        return inTransaction(c -> {
            List<OutboxEvent> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select event_id, topic, record_key, event_type, tenant_id,"
                    + " payload, traceparent from outbox_event where published_at is null"
                    + " order by created_at, event_id limit ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getBytes(6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    public void markPublished(String eventId, Instant now) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update outbox_event set published_at = ?"
                    + " where event_id = ?")) {
                s.setTimestamp(1, ts(now));
                s.setString(2, eventId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The tenant's metered spend in the current calendar month (UTC), in micros. */
    public long spentThisMonth(String tenantId, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select cost_micros from tenant_usage"
                    + " where tenant_id = ? and period = ?")) {
                s.setString(1, tenantId);
                s.setString(2, PERIOD.format(now));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private static void setStatus(Connection c, UUID id, String status, String code, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update analysis_request set status = ?, last_error = ?,"
                + " updated_at = ? where id = ?")) {
            s.setString(1, status);
            s.setString(2, code);
            s.setTimestamp(3, ts(now));
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    /** The trace the request's routed record arrived in (null for rows from before tracing). */
    private static String traceParentOf(Connection c, UUID requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select traceparent from analysis_request where id = ?")) {
            s.setObject(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void insertOutbox(Connection c, List<OutboxEvent> events, Instant now, String traceparent)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into outbox_event (event_id, topic, record_key,"
                + " event_type, tenant_id, payload, created_at, traceparent) values (?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (event_id) do nothing")) {
            for (OutboxEvent e : events) {
                s.setString(1, e.eventId());
                s.setString(2, e.topic());
                s.setString(3, e.key());
                s.setString(4, e.eventType());
                s.setString(5, e.tenantId());
                s.setBytes(6, e.payload());
                s.setTimestamp(7, ts(now));
                s.setString(8, traceparent);
                s.executeUpdate();
            }
        }
    }

    private static void addUsage(Connection c, String tenantId, Usage usage, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into tenant_usage (tenant_id, period, requests,"
                + " input_tokens, output_tokens, cost_micros) values (?, ?, 1, ?, ?, ?)"
                + " on conflict (tenant_id, period) do update set requests = tenant_usage.requests + 1,"
                + " input_tokens = tenant_usage.input_tokens + excluded.input_tokens,"
                + " output_tokens = tenant_usage.output_tokens + excluded.output_tokens,"
                + " cost_micros = tenant_usage.cost_micros + excluded.cost_micros")) {
            s.setString(1, tenantId);
            s.setString(2, PERIOD.format(now));
            s.setLong(3, usage.inputTokens());
            s.setLong(4, usage.outputTokens());
            s.setLong(5, usage.costMicros());
            s.executeUpdate();
        }
    }

    private static AnalysisRequest request(ResultSet rs) throws SQLException {
        return new AnalysisRequest(rs.getObject(1, UUID.class), rs.getString(2), AnalysisTask.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), Route.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getInt(10), rs.getInt(11), rs.getObject(12, UUID.class));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // SQL state only: a driver message can quote parameter values.
            throw new IllegalStateException("database operation failed, SQL state " + e.getSQLState());
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
