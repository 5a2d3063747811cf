package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run and step records in an embedded H2 database ({@code <dir>/workflows-db.mv.db}), plain JDBC.
 *
 * <p>Writes go through one writer thread that batches whatever is queued into one transaction
 * (group commit), so that a thousand runs stepping at once cost a few commits, not thousands.
 * Each write returns a future completing once committed; callers that must not go on before the
 * record is durable (run creation, a side-effecting step's start, an approval) wait on it.
 * {@code WRITE_DELAY=0}: a commit reaches the file before the future completes, so a killed
 * process loses no acknowledged write. Reads first wait for queued writes (read-your-writes).
 */
final class RunStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);
    private static final int MAX_BATCH = 1000;
    private static final long GROUP_WINDOW_NANOS = 200_000;

    /** One queued write. */
    private record Op(SqlAction action, CompletableFuture<Void> done) {
    }

    @FunctionalInterface
    private interface SqlAction {
        void run(Connection c) throws SQLException;
    }

    private final Connection writeConn;
    /** Statements of the writer connection, prepared once (only the writer thread uses them). */
    private final java.util.Map<String, PreparedStatement> prepared = new java.util.HashMap<>();
    private final Connection readConn;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private final java.util.concurrent.Executor callbacks;

    /**
     * @param callbacks where write futures complete, so that runs never continue on the writer
     *     thread (a run that waited on the writer from the writer would deadlock it)
     */
    RunStore(Path directory, java.util.concurrent.Executor callbacks) {
        this.callbacks = callbacks;
        try {
            java.nio.file.Files.createDirectories(directory);
            String url = "jdbc:h2:file:" + directory.resolve("workflows-db").toAbsolutePath()
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            writeConn = DriverManager.getConnection(url, "sa", "");
            readConn = DriverManager.getConnection(url, "sa", "");
            try (Statement st = writeConn.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS wf_run (id VARCHAR(64) PRIMARY KEY, workflow_id VARCHAR(200) NOT NULL,"
                        + " parent_run_id VARCHAR(64), status VARCHAR(32) NOT NULL, inputs VARCHAR, result VARCHAR, error VARCHAR,"
                        + " requested_by VARCHAR(200), created_at BIGINT NOT NULL, started_at BIGINT, completed_at BIGINT,"
                        + " resume_count INT DEFAULT 0 NOT NULL, definition VARCHAR NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS wf_run_status ON wf_run(status)");
                st.execute("CREATE INDEX IF NOT EXISTS wf_run_created ON wf_run(created_at)");
                st.execute("CREATE TABLE IF NOT EXISTS wf_step (run_id VARCHAR(64) NOT NULL, step_key VARCHAR(1000) NOT NULL,"
                        + " step_id VARCHAR(200) NOT NULL, type VARCHAR(32) NOT NULL, status VARCHAR(32) NOT NULL, input VARCHAR,"
                        + " output VARCHAR, error VARCHAR, attempts INT NOT NULL, started_at BIGINT, completed_at BIGINT, state VARCHAR,"
                        + " seq BIGINT AUTO_INCREMENT, PRIMARY KEY (run_id, step_key))");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the workflow database in " + directory + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::writeLoop, "chainbot-workflow-store");
        writer.setDaemon(true);
        writer.start();
    }

    // ---------------------------------------------------------------- writes

    CompletableFuture<Void> insertRun(WorkflowRun r, String definitionJson) {
        return submit(c -> {
            PreparedStatement ps = prepare(c, "INSERT INTO wf_run (id, workflow_id, parent_run_id, status, inputs,"
                    + " result, error, requested_by, created_at, started_at, completed_at, resume_count, definition)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
            {
                ps.setString(1, r.id());
                ps.setString(2, r.workflowId());
                ps.setString(3, r.parentRunId());
                ps.setString(4, r.status().wireName());
                ps.setString(5, json(r.inputs()));
                ps.setString(6, json(r.result()));
                ps.setString(7, r.error());
                ps.setString(8, r.requestedBy());
                ps.setLong(9, r.createdAt().toEpochMilli());
                setTime(ps, 10, r.startedAt());
                setTime(ps, 11, r.completedAt());
                ps.setInt(12, r.resumeCount());
                ps.setString(13, definitionJson);
                ps.executeUpdate();
            }
        });
    }

    /** Updates status, result, error and times of a run. */
    CompletableFuture<Void> updateRun(String id, RunStatus status, JsonNode result, String error, Instant startedAt,
            Instant completedAt, int resumeCount) {
        return submit(c -> {
            PreparedStatement ps = prepare(c, "UPDATE wf_run SET status=?, result=?, error=?,"
                    + " started_at=COALESCE(?, started_at), completed_at=?, resume_count=? WHERE id=?");
            {
                ps.setString(1, status.wireName());
                ps.setString(2, json(result));
                ps.setString(3, error);
                setTime(ps, 4, startedAt);
                setTime(ps, 5, completedAt);
                ps.setInt(6, resumeCount);
                ps.setString(7, id);
                ps.executeUpdate();
            }
        });
    }

    CompletableFuture<Void> upsertStep(String runId, StepRecord s) {
        return submit(c -> {
            PreparedStatement ps = prepare(c, "MERGE INTO wf_step (run_id, step_key, step_id, type, status, input,"
                    + " output, error, attempts, started_at, completed_at, state) KEY (run_id, step_key)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
            {
                ps.setString(1, runId);
                ps.setString(2, s.stepKey());
                ps.setString(3, s.stepId());
                ps.setString(4, s.type());
                ps.setString(5, s.status().wireName());
                ps.setString(6, json(s.input()));
                ps.setString(7, json(s.output()));
                ps.setString(8, s.error());
                ps.setInt(9, s.attempts());
                setTime(ps, 10, s.startedAt());
                setTime(ps, 11, s.completedAt());
                ps.setString(12, json(s.state()));
                ps.executeUpdate();
            }
        });
    }

    CompletableFuture<Void> deleteRunsBefore(Instant cutoff) {
        return submit(c -> {
            try (PreparedStatement a = c.prepareStatement("DELETE FROM wf_step WHERE run_id IN (SELECT id FROM wf_run"
                    + " WHERE completed_at < ? AND status IN ('completed','failed','cancelled'))");
                    PreparedStatement b = c.prepareStatement("DELETE FROM wf_run WHERE completed_at < ?"
                            + " AND status IN ('completed','failed','cancelled')")) {
                a.setLong(1, cutoff.toEpochMilli());
                a.executeUpdate();
                b.setLong(1, cutoff.toEpochMilli());
                b.executeUpdate();
            }
        });
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /** Completes once everything queued before it is committed. */
    CompletableFuture<Void> flush() {
        return submit(c -> { });
    }

    private CompletableFuture<Void> submit(SqlAction a) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("workflow store is closed"));
            return f;
        }
        queue.add(new Op(a, f));
        return f;
    }

    private void writeLoop() {
        List<Op> batch = new ArrayList<>();
        while (true) {
            try {
                Op first = queue.take();
                if (first.action() == null) {
                    first.done().complete(null);
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH);
                // group commit: a commit costs far more than a row, so gather what arrives in
                // the next moment (a run writes a record per step) before committing
                long until = System.nanoTime() + GROUP_WINDOW_NANOS;
                while (batch.size() < MAX_BATCH && batch.get(batch.size() - 1).action() != null) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Op more = queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    batch.add(more);
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
                Op stop = null;
                if (batch.get(batch.size() - 1).action() == null) {
                    stop = batch.remove(batch.size() - 1);
                }
                writeBatch(batch);
                batch.clear();
                if (stop != null) {
                    stop.done().complete(null);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeBatch(List<Op> batch) {
        try {
            writeConn.setAutoCommit(false);
            for (Op op : batch) {
                op.action().run(writeConn);
            }
            writeConn.commit();
            completeAll(List.copyOf(batch));
        } catch (SQLException e) {
            // one bad write must not lose the others: roll back and redo them one by one
            try {
                writeConn.rollback();
            } catch (SQLException ignored) {
                // the connection reports its own state below
            }
            for (Op op : batch) {
                try {
                    writeConn.setAutoCommit(true);
                    op.action().run(writeConn);
                    complete(op.done(), null);
                } catch (SQLException one) {
                    LOG.warn("workflow store write failed: {}", one.getMessage());
                    complete(op.done(), new IllegalStateException("workflow store write failed: " + one.getMessage(), one));
                }
            }
        }
    }

    /** One executor task per batch, not per write: fewer hand-offs, and no burst of pool threads. */
    private void completeAll(List<Op> ops) {
        try {
            callbacks.execute(() -> ops.forEach(op -> op.done().complete(null)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ops.forEach(op -> op.done().completeExceptionally(new IllegalStateException("workflow engine is stopping")));
        }
    }

    private void complete(CompletableFuture<Void> f, Throwable error) {
        try {
            callbacks.execute(() -> {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("workflow engine is stopping"));
        }
    }

    // ---------------------------------------------------------------- reads

    Optional<WorkflowRun> find(String id, boolean withSteps) {
        flush().join();
        synchronized (readConn) {
            try (PreparedStatement ps = readConn.prepareStatement("SELECT * FROM wf_run WHERE id=?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    WorkflowRun r = run(rs);
                    return Optional.of(withSteps ? r.withSteps(List.copyOf(stepsLocked(id).values())) : r);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read execution " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** The definition snapshot a run was started with. */
    String definitionOf(String runId) {
        flush().join();
        synchronized (readConn) {
            try (PreparedStatement ps = readConn.prepareStatement("SELECT definition FROM wf_run WHERE id=?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read execution " + runId + ": " + e.getMessage(), e);
            }
        }
    }

    List<WorkflowRun> list(String workflowId, int limit) {
        return query("SELECT * FROM wf_run" + (workflowId == null ? "" : " WHERE workflow_id=?")
                + " ORDER BY created_at DESC, id DESC LIMIT " + limit, workflowId);
    }

    /** Runs not in a terminal status, oldest first. */
    List<WorkflowRun> unfinished() {
        return query("SELECT * FROM wf_run WHERE status IN ('queued','running','waiting_approval') ORDER BY created_at, id", null);
    }

    Map<String, Long> countByStatus() {
        flush().join();
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (readConn) {
            try (Statement st = readConn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT status, COUNT(*) FROM wf_run GROUP BY status")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count executions: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Step records of a run by key, in start order. */
    Map<String, StepRecord> steps(String runId) {
        flush().join();
        synchronized (readConn) {
            try {
                return stepsLocked(runId);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read steps of " + runId + ": " + e.getMessage(), e);
            }
        }
    }

    private List<WorkflowRun> query(String sql, String param) {
        flush().join();
        synchronized (readConn) {
            try (PreparedStatement ps = readConn.prepareStatement(sql)) {
                if (param != null) {
                    ps.setString(1, param);
                }
                List<WorkflowRun> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(run(rs));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot list executions: " + e.getMessage(), e);
            }
        }
    }

    private Map<String, StepRecord> stepsLocked(String runId) throws SQLException {
        Map<String, StepRecord> out = new LinkedHashMap<>();
        try (PreparedStatement ps = readConn.prepareStatement("SELECT * FROM wf_step WHERE run_id=? ORDER BY seq")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StepRecord s = new StepRecord(rs.getString("step_key"), rs.getString("step_id"), rs.getString("type"),
                            StepStatus.parse(rs.getString("status")), parse(rs.getString("input")),
                            parse(rs.getString("output")), rs.getString("error"), rs.getInt("attempts"),
                            time(rs, "started_at"), time(rs, "completed_at"), parse(rs.getString("state")));
                    out.put(s.stepKey(), s);
                }
            }
        }
        return out;
    }

    private static WorkflowRun run(ResultSet rs) throws SQLException {
        return new WorkflowRun(rs.getString("id"), rs.getString("workflow_id"), rs.getString("parent_run_id"),
                RunStatus.parse(rs.getString("status")), parse(rs.getString("inputs")), parse(rs.getString("result")),
                rs.getString("error"), rs.getString("requested_by"), time(rs, "created_at"), time(rs, "started_at"),
                time(rs, "completed_at"), rs.getInt("resume_count"), List.of());
    }

    private static Instant time(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }

    /** Values above this are recorded as a note instead (a column holds at most 1 MiB). */
    private static final int MAX_JSON_CHARS = 1_000_000;

    private static String json(JsonNode n) {
        if (n == null) {
            return null;
        }
        String s = n.toString();
        return s.length() <= MAX_JSON_CHARS ? s
                : "{\"truncated\":true,\"chars\":" + s.length() + "}";
    }

    static JsonNode parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt JSON in the workflow store: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        queue.add(new Op(null, stopped));
        closed = true;
        try {
            stopped.get(30, java.util.concurrent.TimeUnit.SECONDS);
            writer.join(5000);
        } catch (Exception e) {
            LOG.warn("workflow store writer did not stop cleanly: {}", e.toString());
        }
        for (Op op; (op = queue.poll()) != null; ) {
            op.done().completeExceptionally(new IllegalStateException("workflow store is closed"));
        }
        try {
            readConn.close();
            writeConn.close();
        } catch (SQLException e) {
            LOG.warn("closing the workflow database: {}", e.getMessage());
        }
    }
}
