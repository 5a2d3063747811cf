package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.RunStatus;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The H2 side of the run store ({@code <dir>/workflows-db.mv.db}), plain JDBC: one row per run,
 * with the run's step records compacted into its {@code steps} column (a JSON array) when it
 * ends or when the step journal is checkpointed. Live step records are in the journal, not
 * here, so a step costs no SQL.
 *
 * <p>Write methods are for the store's writer thread only (one connection, statements prepared
 * once, explicit transactions); reads use a second connection under its own lock.
 * {@code WRITE_DELAY=0}: a commit reaches the file before it returns.
 */
final class RunTable implements AutoCloseable {
    private final Connection writeConn;
    private final Connection readConn;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    RunTable(Path directory) throws SQLException {
        String url = "jdbc:h2:file:" + directory.resolve("workflows-db").toAbsolutePath()
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        writeConn = DriverManager.getConnection(url, "sa", "");
        try {
            readConn = DriverManager.getConnection(url, "sa", "");
        } catch (SQLException e) {
            writeConn.close();
            throw e;
        }
        try (Statement st = writeConn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS wf_run (id VARCHAR(64) PRIMARY KEY, workflow_id VARCHAR(200) NOT NULL,"
                    + " parent_run_id VARCHAR(64), status VARCHAR(32) NOT NULL, inputs VARCHAR, result VARCHAR, error VARCHAR,"
                    + " requested_by VARCHAR(200), created_at BIGINT NOT NULL, started_at BIGINT, completed_at BIGINT,"
                    + " resume_count INT DEFAULT 0 NOT NULL, definition VARCHAR NOT NULL)");
            st.execute("ALTER TABLE wf_run ADD COLUMN IF NOT EXISTS steps CLOB");
            st.execute("CREATE INDEX IF NOT EXISTS wf_run_status ON wf_run(status)");
            st.execute("CREATE INDEX IF NOT EXISTS wf_run_created ON wf_run(created_at)");
            migrateStepTable(st);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /**
     * Databases written before the journal kept one {@code wf_step} row per step: fold them into
     * their run's {@code steps} column once, then drop the table.
     */
    private void migrateStepTable(Statement st) throws SQLException {
        try (ResultSet t = writeConn.getMetaData().getTables(null, null, "WF_STEP", null)) {
            if (!t.next()) {
                return;
            }
        }
        Map<String, List<byte[]>> byRun = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM wf_step ORDER BY run_id, seq")) {
            while (rs.next()) {
                var s = new dev.alexos.chainbot.workflow.StepRecord(rs.getString("step_key"), rs.getString("step_id"),
                        rs.getString("type"), dev.alexos.chainbot.workflow.StepStatus.parse(rs.getString("status")),
                        parse(rs.getString("input")), parse(rs.getString("output")), rs.getString("error"),
                        rs.getInt("attempts"), time(rs, "started_at"), time(rs, "completed_at"), parse(rs.getString("state")));
                byRun.computeIfAbsent(rs.getString("run_id"), k -> new ArrayList<>()).add(StepCodec.encode(s));
            }
        }
        writeConn.setAutoCommit(false);
        for (var e : byRun.entrySet()) {
            setSteps(e.getKey(), StepCodec.array(e.getValue()));
        }
        st.execute("DROP TABLE wf_step");
        writeConn.commit();
        writeConn.setAutoCommit(true);
    }

    // ---------------------------------------------------------------- writes (writer thread)

    void begin() throws SQLException {
        writeConn.setAutoCommit(false);
    }

    void commit() throws SQLException {
        writeConn.commit();
    }

    void rollback() {
        try {
            writeConn.rollback();
        } catch (SQLException ignored) {
            // the next statement reports the connection's state
        }
    }

    /** Autocommit on: for redoing a failed batch's writes one by one. */
    void autoCommit() throws SQLException {
        writeConn.setAutoCommit(true);
    }

    void insertRun(WorkflowRun r, String definitionJson) throws SQLException {
        PreparedStatement ps = prepare("INSERT INTO wf_run (id, workflow_id, parent_run_id, status, inputs,"
                + " result, error, requested_by, created_at, started_at, completed_at, resume_count, definition)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
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

    /** Updates status, result, error and times of a run; {@code steps} too unless null. */
    void updateRun(String id, RunStatus status, JsonNode result, String error, Instant startedAt, Instant completedAt,
            int resumeCount, String steps) throws SQLException {
        PreparedStatement ps = prepare("UPDATE wf_run SET status=?, result=?, error=?,"
                + " started_at=COALESCE(?, started_at), completed_at=?, resume_count=?, steps=COALESCE(?, steps) WHERE id=?");
        ps.setString(1, status.wireName());
        ps.setString(2, json(result));
        ps.setString(3, error);
        setTime(ps, 4, startedAt);
        setTime(ps, 5, completedAt);
        ps.setInt(6, resumeCount);
        ps.setString(7, steps);
        ps.setString(8, id);
        ps.executeUpdate();
    }

    void setSteps(String id, String steps) throws SQLException {
        PreparedStatement ps = prepare("UPDATE wf_run SET steps=? WHERE id=?");
        ps.setString(1, steps);
        ps.setString(2, id);
        ps.executeUpdate();
    }

    void deleteRunsBefore(Instant cutoff) throws SQLException {
        PreparedStatement ps = prepare("DELETE FROM wf_run WHERE completed_at < ? AND status IN ('completed','failed','cancelled')");
        ps.setLong(1, cutoff.toEpochMilli());
        ps.executeUpdate();
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = writeConn.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    // ---------------------------------------------------------------- reads

    Optional<WorkflowRun> find(String id) {
        List<WorkflowRun> r = query("SELECT * FROM wf_run WHERE id=?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    String definitionOf(String runId) {
        return single("SELECT definition FROM wf_run WHERE id=?", runId);
    }

    /** The compacted step records of a run (a JSON array), or null. */
    String steps(String runId) {
        return single("SELECT steps FROM wf_run WHERE id=?", runId);
    }

    List<WorkflowRun> list(String workflowId, int limit) {
        return query("SELECT * FROM wf_run" + (workflowId == null ? "" : " WHERE workflow_id=?")
                + " ORDER BY created_at DESC, id DESC LIMIT " + limit, workflowId);
    }

    /** Runs not in a terminal status, oldest first. */
    List<WorkflowRun> unfinished() {
        return query("SELECT * FROM wf_run WHERE status IN ('queued','running','waiting_approval') ORDER BY created_at, id", null);
    }

    /** Compacted steps of every unfinished run, by run id (null when it has none yet). */
    Map<String, String> unfinishedSteps() {
        Map<String, String> out = new LinkedHashMap<>();
        synchronized (readConn) {
            try (Statement st = readConn.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id, steps FROM wf_run WHERE status IN ('queued','running','waiting_approval')")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read unfinished executions: " + e.getMessage(), e);
            }
        }
        return out;
    }

    Map<String, Long> countByStatus() {
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

    private String single(String sql, String param) {
        synchronized (readConn) {
            try (PreparedStatement ps = readConn.prepareStatement(sql)) {
                ps.setString(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read execution " + param + ": " + e.getMessage(), e);
            }
        }
    }

    private List<WorkflowRun> query(String sql, String param) {
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
                throw new IllegalStateException("cannot read executions: " + e.getMessage(), e);
            }
        }
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

    private static String json(JsonNode n) {
        if (n == null) {
            return null;
        }
        String s = n.toString();
        return s.length() <= StepCodec.MAX_JSON_CHARS ? s : "{\"truncated\":true,\"chars\":" + s.length() + "}";
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
        try {
            readConn.close();
        } catch (SQLException ignored) {
            // closing the writer below reports a real problem
        }
        try {
            writeConn.close();
        } catch (SQLException ignored) {
            // nothing left to do with a connection that will not close
        }
    }
}
