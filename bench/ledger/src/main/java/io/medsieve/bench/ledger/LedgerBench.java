package io.medsieve.bench.ledger;

import io.medsieve.audit.verify.ChainVerifier;
import io.medsieve.audit.verify.DatabaseChainVerifier;
import io.medsieve.audit.verify.EntryData;
import io.medsieve.audit.verify.MerkleTree;
import io.medsieve.audit.verify.SignedTreeHead;
import io.medsieve.audit.verify.VerificationReport;
import io.medsieve.embedded.EmbeddedPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Measures the audit ledger with the service's own hashing, Merkle and verification code: appends per second with
 * chaining and signed checkpoints (in memory, and against the embedded PostgreSQL with the service's SQL), and the
 * time to verify a ledger of a million entries. Prints a Markdown table for bench/results/ledger.md.
 *
 * <p>Usage: {@code LedgerBench [memoryEntries=1000000] [dbBatchedEntries=1000000] [dbSingleEntries=20000]
 * [checkpointEvery=1000]}; database entry counts are rounded up to whole batches of 500.
 */
public final class LedgerBench {

    private static final String PROJECTION = "{\"correlationId\":\"8c0f3a52-3f7e-4b8e-a9f1-3b9a0c1d2e4f\","
            + "\"eventType\":\"DocumentRouted\",\"policyId\":\"default-policy\",\"policyVersion\":\"4\","
            + "\"producerService\":\"router-service\",\"producerVersion\":\"1.0.3\",\"reasons\":[\"tier 1 referral\"],"
            + "\"route\":\"LOCAL\",\"schemaVersion\":1,\"tier\":1,\"topic\":\"document-routed\"}";
    private static final long CHAIN_LOCK = 0x6d65_6473_6175_6469L;
    /** The service's runtime login (INSERT/SELECT only), created by its migration; the embedded server trusts it. */
    private static final String APP_USER = "audit_app";
    private static final String APP_PASSWORD = "bench-only";

    private final List<String[]> rows = new ArrayList<>();
    private long cpuMark;
    private long pgCpuMark = -1;
    /** The embedded server's postmaster.pid and the appending connection's backend, for PostgreSQL's CPU time. */
    private Path postmasterPid;
    private long appendBackendPid = -1;
    private final KeyPair key;

    private LedgerBench() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static void main(String[] args) throws Exception {
        int memoryEntries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int dbEntries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int singleEntries = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int checkpointEvery = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        LedgerBench bench = new LedgerBench();
        System.out.printf(Locale.ROOT, "JVM %s, %d cores%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        bench.warmUp();
        List<SignedTreeHead> heads = new ArrayList<>();
        List<EntryData> chain = bench.inMemory(memoryEntries, checkpointEvery, heads);
        bench.verify(chain, heads);
        chain = null;
        if (dbEntries > 0) {
            bench.database(dbEntries, singleEntries, checkpointEvery);
        }
        bench.print();
    }

    private void warmUp() throws Exception {
        List<SignedTreeHead> heads = new ArrayList<>();
        verifyQuietly(appendInMemory(50_000, 1_000, heads), heads);
    }

    /** Chaining, Merkle append and a signed head every {@code every} entries, no I/O: the ledger's CPU cost. */
    private List<EntryData> inMemory(int entries, int every, List<SignedTreeHead> heads) throws Exception {
        long start = System.nanoTime();
        cpuMark = jvmCpuNanos();
        pgCpuMark = postgresCpuNanos();
        List<EntryData> chain = appendInMemory(entries, every, heads);
        double seconds = (System.nanoTime() - start) / 1e9;
        row("append, in memory (hash chain + Merkle + Ed25519 head every " + every + ")", entries, seconds,
                String.format(Locale.ROOT, "%,.0f appends/s", entries / seconds));
        return chain;
    }

    private List<EntryData> appendInMemory(int entries, int every, List<SignedTreeHead> heads) throws Exception {
        List<EntryData> chain = new ArrayList<>(entries);
        MerkleTree tree = new MerkleTree();
        String previous = EntryData.GENESIS;
        Instant base = EntryData.truncate(Instant.now());
        for (int i = 0; i < entries; i++) {
            EntryData entry = entry(i, previous, base);
            chain.add(entry);
            tree.append(entry.leafData());
            previous = entry.entryHash();
            if ((i + 1) % every == 0 || i + 1 == entries) {
                heads.add(sign(i + 1, tree.rootOf(i + 1)));
            }
        }
        return chain;
    }

    /** What {@code GET /v1/ledger/verify} and the offline verifier do: every hash, link, root and signature. */
    private void verify(List<EntryData> chain, List<SignedTreeHead> heads) {
        long start = System.nanoTime();
        cpuMark = jvmCpuNanos();
        pgCpuMark = postgresCpuNanos();
        VerificationReport report = verifyQuietly(chain, heads);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report.valid()) {
            throw new IllegalStateException("benchmark chain does not verify: " + report);
        }
        row("full verification (chain + " + heads.size() + " signed heads)", chain.size(), seconds,
                String.format(Locale.ROOT, "%,.0f entries/s", chain.size() / seconds));
    }

    private VerificationReport verifyQuietly(List<EntryData> chain, List<SignedTreeHead> heads) {
        ChainVerifier verifier = new ChainVerifier();
        for (EntryData entry : chain) {
            verifier.accept(entry);
        }
        verifier.checkTreeHeads(heads, key.getPublic());
        return verifier.report();
    }

    /**
     * The service's append transaction over JDBC against the embedded PostgreSQL 17, logged in as the service's
     * runtime login: advisory chain lock, head, duplicate check, INSERT ... ON CONFLICT, commit; plus a signed
     * checkpoint row every {@code every} entries. Then the consumer's batch path, and verification reading every
     * row back.
     */
    private void database(int entries, int single, int every) throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            postgres.createDatabase("ledger_bench");
            try (Connection owner = DriverManager.getConnection(postgres.jdbcUrl("ledger_bench"),
                    postgres.username(), postgres.password())) {
                migrate(owner);
            }
            PGSimpleDataSource runtimeLogin = new PGSimpleDataSource();
            runtimeLogin.setUrl(postgres.jdbcUrl("ledger_bench"));
            runtimeLogin.setUser(APP_USER);
            runtimeLogin.setPassword(APP_PASSWORD);
            postmasterPid = postgres.dataDirectory().resolve("data").resolve("postmaster.pid");
            try (Connection db = runtimeLogin.getConnection()) {
                try (Statement sql = db.createStatement();
                     ResultSet pid = sql.executeQuery("select pg_backend_pid()")) {
                    pid.next();
                    appendBackendPid = pid.getLong(1);
                }
                db.setAutoCommit(false);
                MerkleTree tree = new MerkleTree();
                runDatabase(db, tree, 2_000, every, 1); // warm-up, same table
                runDatabaseBatched(db, tree, 5_000, every, 500);
                long offset = tree.size();
                long start = System.nanoTime();
                cpuMark = jvmCpuNanos();
                pgCpuMark = postgresCpuNanos();
                runDatabase(db, tree, single, every, 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                row("append, PostgreSQL, 1 entry per transaction (erasure API; a poll of one record)", single,
                        seconds, String.format(Locale.ROOT, "%,.0f appends/s", single / seconds));
                start = System.nanoTime();
                cpuMark = jvmCpuNanos();
                pgCpuMark = postgresCpuNanos();
                runDatabaseBatched(db, tree, entries, every, 500);
                seconds = (System.nanoTime() - start) / 1e9;
                row("append, PostgreSQL, 500 per transaction, multi-row INSERT (the consumer's path per poll)",
                        entries, seconds, String.format(Locale.ROOT, "%,.0f appends/s", entries / seconds));
                if (tree.size() != offset + single + (entries + 499) / 500 * 500L) {
                    throw new IllegalStateException("unexpected tree size");
                }
                db.commit();
                start = System.nanoTime();
                cpuMark = jvmCpuNanos();
                pgCpuMark = postgresCpuNanos();
                VerificationReport report = verifyFromDatabase(db);
                seconds = (System.nanoTime() - start) / 1e9;
                if (!report.valid()) {
                    throw new IllegalStateException("database chain does not verify: " + report);
                }
                row("full chain verification, one pass over one JDBC cursor (text transfer, fetch 10,000; the"
                        + " previous method, no tree heads)", (int) report.entriesVerified(), seconds,
                        String.format(Locale.ROOT, "%,.0f entries/s", report.entriesVerified() / seconds));
            }
            // The appending connection is closed: let its backend exit and be reaped before measuring again.
            appendBackendPid = -1;
            Thread.sleep(1_000);
            int cores = Runtime.getRuntime().availableProcessors();
            for (int parallelism : cores > 1 ? new int[]{1, cores} : new int[]{1}) {
                DatabaseChainVerifier verifier = new DatabaseChainVerifier(runtimeLogin, parallelism, 50_000);
                long start = System.nanoTime();
                cpuMark = jvmCpuNanos();
                pgCpuMark = postgresCpuNanos();
                VerificationReport report = verifier.verify(key.getPublic());
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!report.valid()) {
                    throw new IllegalStateException("database chain does not verify: " + report);
                }
                row("full verification from PostgreSQL as `GET /v1/ledger/verify` does it (DatabaseChainVerifier: "
                                + parallelism + " reader" + (parallelism == 1 ? "" : "s")
                                + ", binary transfer, one snapshot; chain + " + report.treeHeadsVerified()
                                + " signed heads)", (int) report.entriesVerified(), seconds,
                        String.format(Locale.ROOT, "%,.0f entries/s", report.entriesVerified() / seconds));
            }
        }
    }

    private void runDatabase(Connection db, MerkleTree tree, int entries, int every, int perTransaction)
            throws SQLException {
        Instant base = EntryData.truncate(Instant.now());
        try (PreparedStatement lock = db.prepareStatement("select pg_advisory_xact_lock(?)");
             PreparedStatement head = db.prepareStatement(
                     "select sequence, entry_hash from ledger_entry order by sequence desc limit 1");
             PreparedStatement exists = db.prepareStatement("select count(*) from ledger_entry where event_id = ?");
             PreparedStatement insert = db.prepareStatement("""
                     insert into ledger_entry (sequence, event_id, tenant_id, document_id, entry_type, source_topic,
                                               occurred_at, recorded_at, body_digest, projection, previous_hash,
                                               entry_hash)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""");
             PreparedStatement checkpoint = db.prepareStatement("""
                     insert into ledger_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
                     values (?, ?, ?, ?, ?) on conflict (tree_size) do nothing""")) {
            int done = 0;
            while (done < entries) {
                ChainHead chainHead = lockChain(lock, head);
                long sequence = chainHead.nextSequence();
                String previous = chainHead.previousHash();
                for (int i = 0; i < perTransaction && done < entries; i++, done++) {
                    EntryData entry = entry(sequence, previous, base);
                    exists.setString(1, entry.eventId());
                    exists.executeQuery().close();
                    bind(insert, entry);
                    insert.executeUpdate();
                    tree.append(entry.leafData());
                    previous = entry.entryHash();
                    sequence++;
                    if (sequence % every == 0) {
                        SignedTreeHead signed = sign(sequence, tree.rootOf((int) sequence));
                        checkpoint.setLong(1, signed.treeSize());
                        checkpoint.setString(2, signed.rootHash());
                        checkpoint.setTimestamp(3, Timestamp.from(signed.timestamp()));
                        checkpoint.setString(4, signed.keyId());
                        checkpoint.setString(5, signed.signature());
                        checkpoint.executeUpdate();
                    }
                }
                db.commit();
            }
        }
    }

    /**
     * The consumer's batch path ({@code LedgerService.appendAll}): per transaction the chain lock, one
     * duplicate check for the whole batch, head, one multi-row INSERT; a signed head when {@code every} entries
     * have accumulated since the last one.
     */
    private void runDatabaseBatched(Connection db, MerkleTree tree, int entries, int every, int batch)
            throws SQLException {
        Instant base = EntryData.truncate(Instant.now());
        long lastSigned = tree.size();
        StringBuilder values = new StringBuilder();
        for (int row = 0; row < batch; row++) {
            values.append(row == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement lock = db.prepareStatement("select pg_advisory_xact_lock(?)");
             PreparedStatement head = db.prepareStatement(
                     "select sequence, entry_hash from ledger_entry order by sequence desc limit 1");
             PreparedStatement exists = db.prepareStatement(
                     "select event_id from ledger_entry where event_id = any(?)");
             PreparedStatement insert = db.prepareStatement("""
                     insert into ledger_entry (sequence, event_id, tenant_id, document_id, entry_type, source_topic,
                                               occurred_at, recorded_at, body_digest, projection, previous_hash,
                                               entry_hash)
                     values %s on conflict (event_id) do nothing""".formatted(values));
             PreparedStatement checkpoint = db.prepareStatement("""
                     insert into ledger_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
                     values (?, ?, ?, ?, ?) on conflict (tree_size) do nothing""")) {
            for (int done = 0; done < entries; done += batch) {
                ChainHead chainHead = lockChain(lock, head);
                long sequence = chainHead.nextSequence();
                String previous = chainHead.previousHash();
                String[] ids = new String[batch];
                List<EntryData> chunk = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    EntryData entry = entry(sequence + i, previous, base);
                    ids[i] = entry.eventId();
                    chunk.add(entry);
                    previous = entry.entryHash();
                }
                exists.setArray(1, db.createArrayOf("varchar", ids));
                exists.executeQuery().close();
                int p = 0;
                for (EntryData entry : chunk) {
                    bindAt(insert, p, entry);
                    p += 12;
                    tree.append(entry.leafData());
                }
                insert.executeUpdate();
                long size = tree.size();
                if (size - lastSigned >= every) {
                    SignedTreeHead signed = sign(size, tree.rootOf((int) size));
                    checkpoint.setLong(1, signed.treeSize());
                    checkpoint.setString(2, signed.rootHash());
                    checkpoint.setTimestamp(3, Timestamp.from(signed.timestamp()));
                    checkpoint.setString(4, signed.keyId());
                    checkpoint.setString(5, signed.signature());
                    checkpoint.executeUpdate();
                    lastSigned = size;
                }
                db.commit();
            }
        }
    }

    private static VerificationReport verifyFromDatabase(Connection db) throws SQLException {
        ChainVerifier verifier = new ChainVerifier();
        try (PreparedStatement query = db.prepareStatement("""
                select sequence, event_id, tenant_id, document_id, entry_type, source_topic, occurred_at, recorded_at,
                       body_digest, projection, previous_hash, entry_hash from ledger_entry order by sequence""")) {
            query.setFetchSize(10_000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    verifier.accept(new EntryData(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6),
                            rows.getTimestamp(7).toInstant(), rows.getTimestamp(8).toInstant(), rows.getString(9),
                            rows.getString(10), rows.getString(11), rows.getString(12)));
                }
            }
        }
        db.commit();
        return verifier.report();
    }

    private static void bind(PreparedStatement insert, EntryData entry) throws SQLException {
        bindAt(insert, 0, entry);
    }

    private static void bindAt(PreparedStatement insert, int offset, EntryData entry) throws SQLException {
        insert.setLong(offset + 1, entry.sequence());
        insert.setString(offset + 2, entry.eventId());
        insert.setString(offset + 3, entry.tenantId());
        insert.setString(offset + 4, entry.documentId());
        insert.setString(offset + 5, entry.entryType());
        insert.setString(offset + 6, entry.sourceTopic());
        insert.setTimestamp(offset + 7, Timestamp.from(entry.occurredAt()));
        insert.setTimestamp(offset + 8, Timestamp.from(entry.recordedAt()));
        insert.setString(offset + 9, entry.bodyDigest());
        insert.setString(offset + 10, entry.projection());
        insert.setString(offset + 11, entry.previousHash());
        insert.setString(offset + 12, entry.entryHash());
    }

    private static EntryData entry(long sequence, String previous, Instant base) {
        String id = UUID.nameUUIDFromBytes(Long.toString(sequence).getBytes(StandardCharsets.UTF_8)).toString();
        String digest = HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8), 0, 32);
        EntryData entry = new EntryData(sequence, id, "tenant-" + (sequence % 17), id, "DocumentRouted",
                "document-routed", base.plusNanos(sequence * 1000), base.plusNanos(sequence * 1000 + 500_000),
                digest, PROJECTION, previous, null);
        return entry.withEntryHash(entry.computeHash());
    }

    private SignedTreeHead sign(long size, byte[] root) {
        try {
            SignedTreeHead unsigned = new SignedTreeHead(size, HexFormat.of().formatHex(root),
                    EntryData.truncate(Instant.now()), "bench", null);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(unsigned.signedMessage());
            return new SignedTreeHead(size, unsigned.rootHash(), unsigned.timestamp(), "bench",
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service's migrations as its Flyway runs them: as the owner, with the runtime login's placeholders. */
    private static void migrate(Connection owner) throws SQLException, IOException {
        for (String script : List.of("V1__ledger_schema.sql", "V2__runtime_login.sql")) {
            try (InputStream in = LedgerBench.class.getResourceAsStream("/db/migration/" + script);
                 Statement sql = owner.createStatement()) {
                if (in == null) {
                    throw new IllegalStateException("audit-service migration " + script + " not on the classpath");
                }
                sql.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("${appUser}", APP_USER).replace("${appPassword}", APP_PASSWORD));
            }
        }
    }

    private void row(String what, int entries, double seconds, String rate) {
        double cpu = (jvmCpuNanos() - cpuMark) / 1e9;
        String pgCpu = "";
        if (pgCpuMark >= 0) {
            try {
                Thread.sleep(500); // closed backends are reaped into the postmaster's child CPU time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pgCpu = String.format(Locale.ROOT, "%.1f s", (postgresCpuNanos() - pgCpuMark) / 1e9);
        }
        rows.add(new String[]{what, String.format(Locale.ROOT, "%,d", entries),
                String.format(Locale.ROOT, "%.2f s", seconds), rate, String.format(Locale.ROOT, "%.1f s", cpu), pgCpu,
                String.format(Locale.ROOT, "%.1f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())});
    }

    /**
     * CPU time of the embedded PostgreSQL (Linux /proc): the postmaster with its reaped children (every closed
     * connection's backend) plus the still open appending connection's backend; -1 when not running.
     */
    private long postgresCpuNanos() {
        if (postmasterPid == null || !Files.isRegularFile(postmasterPid)) {
            return -1;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPid).getFirst().strip());
            long ticks = procTicks(postmaster, true) + (appendBackendPid > 0 ? procTicks(appendBackendPid, false) : 0);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime (and with children, cutime + cstime) of a process, in clock ticks. */
    private static long procTicks(long pid, boolean withChildren) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14..17
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks;
    }

    private void print() {
        System.out.println("| measurement | entries | time | rate | JVM CPU | PostgreSQL CPU"
                + " | load avg (1 min) after |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }

    /**
     * CPU time of this JVM (all threads): on a shared machine wall time mostly measures the neighbours, so the table
     * shows both. PostgreSQL's own CPU (a separate process) is not included.
     */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Takes the chain lock as the service does (advisory lock) and reads where the chain ends. */
    private static ChainHead lockChain(PreparedStatement lock, PreparedStatement head) throws SQLException {
        lock.setLong(1, CHAIN_LOCK);
        lock.executeQuery().close();
        try (ResultSet rows = head.executeQuery()) {
            long next = rows.next() ? rows.getLong(1) + 1 : 0;
            return new ChainHead(next, next == 0 ? EntryData.GENESIS : rows.getString(2));
        }
    }

    private record ChainHead(long nextSequence, String previousHash) {
    }
}
