package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.WorkflowRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run and step records: runs are rows in H2 ({@link RunTable}); step records go to an
 * append-only journal ({@link StepJournal}) and stay in memory while their run is unfinished.
 *
 * <p>One writer thread owns the journal and the H2 write connection. Each batch is whatever
 * was queued: its step records are framed into one write, forced with one fsync if any of them
 * is durable, and its run-row writes share one H2 transaction. A step record is either
 * <em>durable</em> ({@link #upsertStep}: the future completes once it is on disk — used for
 * write-ahead of steps with outside effects, approvals, child-run ids) or <em>lazy</em>
 * ({@link #recordStep}: nobody waits; it reaches the OS within {@link #LAZY_WINDOW_NANOS} and
 * the disk with the next fsync). Lazy records may be lost by a power cut, never by a process
 * kill once written; since the journal is one ordered file, losing one loses every later one
 * too, so a durable record is never on disk without every record written before it.
 *
 * <p>When a run ends, its steps are compacted into its H2 row (one column, a JSON array) in the
 * same transaction as its final status. When the journal outgrows {@link #CHECKPOINT_BYTES},
 * the steps of every unfinished run are written to their rows and the journal is emptied. On
 * open the journal is replayed over the rows (torn tail cut) and checkpointed.
 */
final class RunStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);
    private static final int MAX_BATCH = 4096;
    /** How long lazy records may gather before the writer takes them (nobody waits on them). */
    static final long LAZY_WINDOW_NANOS = 1_000_000;
    /** Lazy records reach the disk at the latest this long after being written, if nothing forces earlier. */
    private static final long IDLE_SYNC_NANOS = 200_000_000;
    static final long CHECKPOINT_BYTES = 8L * 1024 * 1024;

    @FunctionalInterface
    private interface SqlAction {
        void run(RunTable t) throws SQLException;
    }

    /** One queued write: a step record (runId, json) or a run-row action; {@code done} may be null. */
    private record Op(String runId, byte[] json, SqlAction sql, boolean durable, CompletableFuture<Void> done,
            String endedRun, boolean stop) {
    }

    private final RunTable table;
    private final StepJournal journal;
    private final Executor callbacks;
    private final Thread writer;
    private final long checkpointBytes;
    private final WriteQueue<Op> queue = new WriteQueue<>(MAX_BATCH, LAZY_WINDOW_NANOS);

    /** Guards the step records of unfinished runs ({@code live}, {@code ending}). */
    private final Object lock = new Object();
    private final Map<String, LinkedHashMap<String, StepCodec.Encoded>> live = new HashMap<>();
    /** Runs whose final status is queued but not yet committed, with their steps. */
    private final Map<String, List<StepCodec.Encoded>> ending = new HashMap<>();

    private boolean unsynced; // writer thread only
    private long unsyncedSince; // writer thread only

    /**
     * @param callbacks where write futures complete, so that runs never continue on the writer
     *     thread (a run that waited on the writer from the writer would deadlock it)
     */
    RunStore(Path directory, Executor callbacks) {
        this(directory, callbacks, CHECKPOINT_BYTES);
    }

    /** @param checkpointBytes journal size that triggers a checkpoint (small in tests) */
    RunStore(Path directory, Executor callbacks, long checkpointBytes) {
        this.callbacks = callbacks;
        this.checkpointBytes = checkpointBytes;
        try {
            Files.createDirectories(directory);
            table = new RunTable(directory);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the workflow database in " + directory + ": " + e.getMessage(), e);
        }
        try {
            table.unfinishedSteps().forEach((id, steps) -> {
                LinkedHashMap<String, StepCodec.Encoded> m = new LinkedHashMap<>();
                StepCodec.parseArray(steps).forEach(e -> m.put(e.record().stepKey(), e));
                live.put(id, m);
            });
            int[] skipped = {0};
            journal = StepJournal.open(directory.resolve("workflows-journal.log"), (runId, json) -> {
                LinkedHashMap<String, StepCodec.Encoded> m = live.get(runId);
                if (m == null) {
                    skipped[0]++; // its run ended and was compacted (or was deleted): nothing to redo
                    return;
                }
                try {
                    StepRecord r = StepCodec.decode(json, 0, json.length);
                    m.put(r.stepKey(), new StepCodec.Encoded(r, json));
                } catch (IllegalStateException e) {
                    // checksummed but not a record: a bug, not a torn write; keep the rest usable
                    LOG.error("workflow journal: unreadable record of execution {} skipped: {}", runId, e.getMessage());
                }
            });
            StepJournal.Replay rp = journal.replayed();
            if (rp.frames() > 0 || rp.bytesCut() > 0) {
                LOG.info("workflow journal replayed: {} record(s), {} of ended runs skipped, {} byte(s) of torn tail cut",
                        rp.frames(), skipped[0], rp.bytesCut());
                checkpoint();
            }
        } catch (IOException | SQLException | RuntimeException e) {
            table.close();
            throw new IllegalStateException("cannot open the workflow journal in " + directory + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::writeLoop, "chainbot-workflow-store");
        writer.setDaemon(true);
        writer.start();
    }

    // ---------------------------------------------------------------- writes

    CompletableFuture<Void> insertRun(WorkflowRun r, String definitionJson) {
        return sql(t -> t.insertRun(r, definitionJson), r.id(), null);
    }

    /** Updates status, result, error and times of a run; a final status also compacts its steps into the row. */
    CompletableFuture<Void> updateRun(String id, RunStatus status, JsonNode result, String error, Instant startedAt,
            Instant completedAt, int resumeCount) {
        if (!status.isTerminal()) {
            return sql(t -> t.updateRun(id, status, result, error, startedAt, completedAt, resumeCount, null), null, null);
        }
        List<StepCodec.Encoded> steps;
        synchronized (lock) {
            LinkedHashMap<String, StepCodec.Encoded> m = live.remove(id);
            steps = m == null ? null : new ArrayList<>(m.values());
            if (steps != null) {
                ending.put(id, steps);
            }
        }
        return sql(t -> t.updateRun(id, status, result, error, startedAt, completedAt, resumeCount,
                steps == null ? null : StepCodec.array(steps.stream().map(StepCodec.Encoded::json).toList())),
                null, steps == null ? null : id);
    }

    /** A durable step record: the future completes once it is on disk (write-ahead). */
    CompletableFuture<Void> upsertStep(String runId, StepRecord s) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        step(runId, s, true, f);
        return f;
    }

    /**
     * A lazy step record, for steps without outside effects: nobody waits for it. A crash may
     * lose it (and every later record), in which case the step is recomputed on resume.
     */
    void recordStep(String runId, StepRecord s) {
        step(runId, s, false, null);
    }

    private void step(String runId, StepRecord s, boolean durable, CompletableFuture<Void> f) {
        byte[] json = StepCodec.encode(s);
        StepRecord kept = json.length > StepCodec.MAX_JSON_CHARS / 2 ? StepCodec.decode(json, 0, json.length) : s;
        String refused = null;
        synchronized (lock) {
            LinkedHashMap<String, StepCodec.Encoded> m = live.get(runId);
            if (m == null) {
                // a late record of a branch cancelled as its run ended: the run's steps are compacted
                refused = "execution " + runId + " has ended: step record " + s.stepKey() + " not kept";
            } else if (!queue.add(new Op(runId, json, null, durable, f, null, false), durable)) {
                refused = "workflow store is closed";
            } else {
                m.put(s.stepKey(), new StepCodec.Encoded(kept, json));
            }
        }
        // outside the lock: whatever the future's dependents do must not run holding it
        if (refused != null && f != null) {
            f.completeExceptionally(new IllegalStateException(refused));
        }
    }

    CompletableFuture<Void> deleteRunsBefore(Instant cutoff) {
        return sql(t -> t.deleteRunsBefore(cutoff), null, null);
    }

    /** Completes once everything queued before it is written and committed. */
    CompletableFuture<Void> flush() {
        return sql(null, null, null);
    }

    private CompletableFuture<Void> sql(SqlAction a, String newRun, String endedRun) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        boolean refused;
        synchronized (lock) {
            refused = !queue.add(new Op(null, null, a, false, f, endedRun, false), true);
            if (!refused && newRun != null) {
                live.putIfAbsent(newRun, new LinkedHashMap<>());
            }
        }
        if (refused) {
            f.completeExceptionally(new IllegalStateException("workflow store is closed"));
        }
        return f;
    }

    private void writeLoop() {
        while (true) {
            List<Op> batch;
            try {
                // idle with lazy records written but not forced: force them after a while
                batch = queue.take(unsynced
                        ? Math.max(1, IDLE_SYNC_NANOS - (System.nanoTime() - unsyncedSince)) : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                sync();
                continue;
            }
            try {
                if (writeBatch(batch)) {
                    return;
                }
            } catch (RuntimeException e) {
                // a bug must not stop the writer (every later write would hang): fail this batch
                LOG.error("workflow store writer: batch failed", e);
                for (Op op : batch) {
                    if (op.done() != null) {
                        op.done().completeExceptionally(new IllegalStateException("workflow store write failed: " + e, e));
                    }
                }
                if (batch.stream().anyMatch(Op::stop)) {
                    return;
                }
            }
        }
    }

    private void sync() {
        try {
            journal.force();
            unsynced = false;
        } catch (IOException e) {
            LOG.warn("workflow journal fsync failed: {}", e.getMessage());
        }
    }

    /** Writes one batch; true when it held the stop request. */
    private boolean writeBatch(List<Op> batch) {
        boolean durable = false;
        boolean stop = false;
        List<Op> sqlOps = new ArrayList<>();
        for (Op op : batch) {
            if (op.stop()) {
                stop = true;
            } else if (op.sql() != null || op.json() == null) {
                sqlOps.add(op);
            } else {
                journal.add(op.runId().getBytes(StandardCharsets.UTF_8), op.json());
                durable |= op.durable();
            }
        }
        Throwable journalError = null;
        try {
            if (journal.hasPending()) {
                journal.write();
                if (!unsynced) {
                    unsynced = true;
                    unsyncedSince = System.nanoTime();
                }
            }
            // lazy records reach the disk within IDLE_SYNC_NANOS even if the writer is never idle
            boolean overdue = unsynced && System.nanoTime() - unsyncedSince > IDLE_SYNC_NANOS;
            if ((durable || stop || overdue) && unsynced) {
                journal.force();
                unsynced = false;
            }
        } catch (IOException e) {
            LOG.error("workflow journal write failed: {}", e.getMessage());
            journalError = new IllegalStateException("workflow journal write failed: " + e.getMessage(), e);
        }
        Map<Op, Throwable> sqlErrors = runSql(sqlOps);
        List<String> ended = new ArrayList<>();
        for (Op op : sqlOps) {
            if (op.endedRun() != null && !sqlErrors.containsKey(op)) {
                ended.add(op.endedRun());
            }
        }
        if (!ended.isEmpty()) {
            synchronized (lock) {
                ended.forEach(ending::remove);
            }
        }
        complete(batch, journalError, sqlErrors);
        if (stop) {
            // completed here, not on the callbacks executor, which may already be shutting down
            batch.stream().filter(Op::stop).forEach(op -> op.done().complete(null));
        }
        if (!stop && journal.size() > checkpointBytes) {
            try {
                checkpoint();
            } catch (IOException | SQLException e) {
                LOG.warn("workflow journal checkpoint failed (retried later): {}", e.getMessage());
            }
        }
        return stop;
    }

    /** One transaction for the batch; if it fails, each write again on its own so one bad write loses no other. */
    private Map<Op, Throwable> runSql(List<Op> ops) {
        Map<Op, Throwable> errors = new java.util.IdentityHashMap<>();
        if (ops.isEmpty()) {
            return errors;
        }
        try {
            table.begin();
            for (Op op : ops) {
                if (op.sql() != null) {
                    op.sql().run(table);
                }
            }
            table.commit();
        } catch (SQLException e) {
            table.rollback();
            for (Op op : ops) {
                try {
                    table.autoCommit();
                    if (op.sql() != null) {
                        op.sql().run(table);
                    }
                } catch (SQLException one) {
                    LOG.warn("workflow store write failed: {}", one.getMessage());
                    errors.put(op, new IllegalStateException("workflow store write failed: " + one.getMessage(), one));
                }
            }
        }
        return errors;
    }

    /** One executor task per batch, not per write: fewer hand-offs, and no burst of pool threads. */
    private void complete(List<Op> batch, Throwable journalError, Map<Op, Throwable> sqlErrors) {
        List<Op> waited = new ArrayList<>();
        for (Op op : batch) {
            if (op.done() != null && !op.stop()) {
                waited.add(op);
            }
        }
        if (waited.isEmpty()) {
            return;
        }
        Runnable task = () -> {
            for (Op op : waited) {
                Throwable e = op.sql() != null || op.json() == null ? sqlErrors.get(op) : journalError;
                if (e == null) {
                    op.done().complete(null);
                } else {
                    op.done().completeExceptionally(e);
                }
            }
        };
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            waited.forEach(op -> op.done().completeExceptionally(new IllegalStateException("workflow engine is stopping")));
        }
    }

    /**
     * Compacts the steps of every unfinished run (and of runs whose end is not yet committed)
     * into their rows, then empties the journal. Records queued meanwhile are already in the
     * snapshot and are written to the emptied journal after it, so replay stays correct.
     */
    private void checkpoint() throws IOException, SQLException {
        Map<String, String> snapshot = new HashMap<>();
        synchronized (lock) {
            live.forEach((id, m) -> {
                if (!m.isEmpty()) {
                    snapshot.put(id, StepCodec.array(m.values().stream().map(StepCodec.Encoded::json).toList()));
                }
            });
            ending.forEach((id, l) -> snapshot.put(id, StepCodec.array(l.stream().map(StepCodec.Encoded::json).toList())));
        }
        try {
            table.begin();
            for (var e : snapshot.entrySet()) {
                table.setSteps(e.getKey(), e.getValue());
            }
            table.commit();
        } catch (SQLException e) {
            table.rollback();
            throw e;
        }
        journal.reset();
        unsynced = false;
    }

    // ---------------------------------------------------------------- reads

    Optional<WorkflowRun> find(String id, boolean withSteps) {
        flush().join();
        Optional<WorkflowRun> r = table.find(id);
        return withSteps ? r.map(run -> run.withSteps(List.copyOf(steps(id).values()))) : r;
    }

    /** The definition snapshot a run was started with. */
    String definitionOf(String runId) {
        flush().join();
        return table.definitionOf(runId);
    }

    List<WorkflowRun> list(String workflowId, int limit) {
        flush().join();
        return table.list(workflowId, limit);
    }

    /** Runs not in a terminal status, oldest first. */
    List<WorkflowRun> unfinished() {
        flush().join();
        return table.unfinished();
    }

    Map<String, Long> countByStatus() {
        flush().join();
        return table.countByStatus();
    }

    /** Step records of a run by key, in start order: from memory while it runs, else from its row. */
    Map<String, StepRecord> steps(String runId) {
        Map<String, StepRecord> out = new LinkedHashMap<>();
        synchronized (lock) {
            LinkedHashMap<String, StepCodec.Encoded> m = live.get(runId);
            List<StepCodec.Encoded> l = m != null ? new ArrayList<>(m.values()) : ending.get(runId);
            if (l != null) {
                l.forEach(e -> out.put(e.record().stepKey(), e.record()));
                return out;
            }
        }
        // not live and not ending: the row holds the final list (its commit came before leaving "ending")
        StepCodec.parseArray(table.steps(runId)).forEach(e -> out.put(e.record().stepKey(), e.record()));
        return out;
    }

    @Override
    public void close() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        if (!queue.close(new Op(null, null, null, false, stopped, null, true))) {
            return;
        }
        try {
            stopped.get(30, TimeUnit.SECONDS);
            writer.join(5000);
        } catch (Exception e) {
            LOG.warn("workflow store writer did not stop cleanly: {}", e.toString());
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("closing the workflow journal: {}", e.getMessage());
        }
        table.close();
    }
}
