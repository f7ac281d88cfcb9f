package io.medsieve.audit.verify;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Full verification of the ledger straight from PostgreSQL, fast enough for millions of entries: the chain is cut
 * into stretches of {@code segmentEntries} sequences that {@code parallelism} threads read (each on its own
 * connection, binary transfer, cursor fetch) and check with {@link ChainSegment}, while the calling thread joins
 * the stretches in order with {@link ChainVerifier}, which checks the links between them, builds the Merkle tree
 * and finally checks every signed tree head. The verdict and the first broken entry are the same as a single pass.
 *
 * <p>All connections read one snapshot (the coordinator's {@code pg_export_snapshot()}, imported by every reader),
 * so entries appended while verifying are simply not part of this verification, and the tree heads read are those
 * of the same moment. Uses only SQL SELECT: it runs as the INSERT/SELECT-only runtime login, and trusts nothing
 * the database says beyond the rows themselves.
 */
public final class DatabaseChainVerifier {

    private static final String SNAPSHOT = "select pg_export_snapshot()";
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");
    private static final String SIZE = "select coalesce(max(sequence) + 1, 0) from ledger_entry";
    private static final String HEADS = """
            select tree_size, root_hash, signed_at, key_id, signature from ledger_checkpoint order by tree_size""";
    private static final String ENTRIES = """
            select sequence, event_id, tenant_id, document_id, entry_type, source_topic, occurred_at, recorded_at,
                   body_digest, projection, previous_hash, entry_hash
              from ledger_entry where sequence >= ? and sequence < ? order by sequence""";
    private static final int FETCH = 10_000;

    private final DataSource dataSource;
    private final int parallelism;
    private final int segmentEntries;

    /**
     * @param dataSource     where the ledger lives (a pool needs {@code parallelism + 1} free connections)
     * @param parallelism    reader threads, at least 1
     * @param segmentEntries sequences per stretch; smaller stretches spread work more evenly
     */
    public DatabaseChainVerifier(DataSource dataSource, int parallelism, int segmentEntries) {
        if (parallelism < 1 || segmentEntries < 1) {
            throw new IllegalArgumentException("parallelism and segmentEntries must be positive");
        }
        this.dataSource = dataSource;
        this.parallelism = parallelism;
        this.segmentEntries = segmentEntries;
    }

    /** Verifies every entry and every signed tree head (signatures under {@code publicKey}). */
    public VerificationReport verify(PublicKey publicKey) throws SQLException, InterruptedException {
        try (Connection coordinator = dataSource.getConnection()) {
            coordinator.setAutoCommit(false);
            coordinator.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            coordinator.setReadOnly(true);
            try {
                String snapshot = exportSnapshot(coordinator);
                long size = size(coordinator);
                List<SignedTreeHead> heads = heads(coordinator);
                ChainVerifier verifier = new ChainVerifier();
                verifyEntries(snapshot, size, verifier);
                verifier.checkTreeHeads(heads, publicKey);
                return verifier.report();
            } finally {
                release(coordinator);
            }
        }
    }

    /** Ends the read-only transaction and leaves the connection as a pool hands it out. */
    private static void release(Connection db) throws SQLException {
        db.rollback();
        db.setReadOnly(false);
        db.setAutoCommit(true);
    }

    private void verifyEntries(String snapshot, long size, ChainVerifier verifier)
            throws SQLException, InterruptedException {
        int segments = Math.toIntExact((size + segmentEntries - 1) / segmentEntries);
        if (segments == 0) {
            return;
        }
        List<CompletableFuture<ChainSegment>> results = new ArrayList<>(segments);
        for (int i = 0; i < segments; i++) {
            results.add(new CompletableFuture<>());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int readers = Math.min(parallelism, segments);
        ExecutorService pool = Executors.newFixedThreadPool(readers, runnable -> {
            Thread thread = new Thread(runnable, "ledger-verify");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int r = 0; r < readers; r++) {
                pool.execute(() -> read(snapshot, size, next, stop, results));
            }
            for (CompletableFuture<ChainSegment> result : results) {
                if (!verifier.accept(result.get())) {
                    break;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("ledger verification failed", e.getCause());
        } finally {
            stop.set(true);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One reader: takes stretches in order until none are left (or verification has stopped). */
    private void read(String snapshot, long size, AtomicInteger next, AtomicBoolean stop,
                      List<CompletableFuture<ChainSegment>> results) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            db.setReadOnly(true);
            try (Statement sql = db.createStatement()) {
                sql.execute("set transaction snapshot '" + snapshot + "'");
            }
            try (PreparedStatement query = db.prepareStatement(ENTRIES)) {
                forceBinaryTransfer(query);
                query.setFetchSize(FETCH);
                int segment;
                while (!stop.get() && (segment = next.getAndIncrement()) < results.size()) {
                    long from = (long) segment * segmentEntries;
                    long to = Math.min(size, from + segmentEntries);
                    results.get(segment).complete(readSegment(query, from, to));
                }
            } finally {
                release(db);
            }
        } catch (Throwable e) {
            stop.set(true);
            // Fail every stretch not yet read, so the joining thread never waits for one that will not come.
            results.forEach(result -> result.completeExceptionally(e));
        }
    }

    private static ChainSegment readSegment(PreparedStatement query, long from, long to) throws SQLException {
        ChainSegment segment = new ChainSegment((int) (to - from));
        query.setLong(1, from);
        query.setLong(2, to);
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (!segment.accept(entry(rows))) {
                    break;
                }
            }
        }
        return segment;
    }

    private static EntryData entry(ResultSet rows) throws SQLException {
        return new EntryData(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getObject(7, OffsetDateTime.class).toInstant(),
                rows.getObject(8, OffsetDateTime.class).toInstant(), rows.getString(9), rows.getString(10),
                rows.getString(11), rows.getString(12));
    }

    /**
     * Asks pgjdbc for binary results from the first execution (threshold -1): timestamps then arrive as
     * microseconds instead of text to parse, which is a large share of the per-row cost.
     */
    private static void forceBinaryTransfer(PreparedStatement query) throws SQLException {
        if (query.isWrapperFor(org.postgresql.PGStatement.class)) {
            query.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        }
    }

    private static String exportSnapshot(Connection db) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(SNAPSHOT)) {
            rows.next();
            String id = rows.getString(1);
            if (!SNAPSHOT_ID.matcher(id).matches()) {
                throw new SQLException("unexpected snapshot id format");
            }
            return id;
        }
    }

    private static long size(Connection db) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(SIZE)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<SignedTreeHead> heads(Connection db) throws SQLException {
        List<SignedTreeHead> heads = new ArrayList<>();
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(HEADS)) {
            while (rows.next()) {
                heads.add(new SignedTreeHead(rows.getLong(1), rows.getString(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getString(4), rows.getString(5)));
            }
        }
        return heads;
    }
}
