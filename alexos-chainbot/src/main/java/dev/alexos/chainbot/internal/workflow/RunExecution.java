package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.Cancellable;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * One run: walks the definition with CompletableFutures (no thread is held while a step waits),
 * records every step, applies failure policies, retries with backoff on the scheduler, enforces
 * timeouts and cancellation.
 *
 * <p>Resuming after a restart replays the definition against the step records of the previous
 * life (see {@link StepRunner}): completed and skipped steps are not run again (their recorded output
 * is used), a wait sleeps only its remaining time, a pending approval waits again, and a step
 * with external effects that was running when the engine stopped is not repeated unless its
 * policy allows retries or it is marked {@code idempotent}.
 */
final class RunExecution {
    final String runId;
    final WorkflowDefinition def;
    final String parentRunId;
    final JsonNode inputs;
    final String requestedBy;
    final Instant createdAt;
    final int resumeCount;
    final int depth;
    final CompletableFuture<WorkflowRun> completion = new CompletableFuture<>();

    private final EngineServices sv;
    private final DefaultWorkflowEngine engine;
    private final FlowSteps flow;
    private final StepRunner steps;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    final Map<String, Approvals.Pending> approvals = new ConcurrentHashMap<>();
    /** Bookkeeping of steps in progress (child run id, decision, wake-up), kept on their final record. */
    final Map<String, JsonNode> stepState = new ConcurrentHashMap<>();
    private volatile String abortReason;
    private volatile RunStatus abortStatus;
    private volatile Instant startedAt;
    private volatile boolean detached;

    RunExecution(EngineServices sv, DefaultWorkflowEngine engine, String runId, WorkflowDefinition def, String parentRunId,
            JsonNode inputs, String requestedBy, Instant createdAt, int resumeCount, int depth, Map<String, StepRecord> previous) {
        this.sv = sv;
        this.engine = engine;
        this.runId = runId;
        this.def = def;
        this.parentRunId = parentRunId;
        this.inputs = inputs;
        this.requestedBy = requestedBy;
        this.createdAt = createdAt;
        this.resumeCount = resumeCount;
        this.depth = depth;
        this.steps = new StepRunner(this, sv, previous == null ? Map.of() : previous);
        this.flow = new FlowSteps(this);
    }

    EngineServices services() {
        return sv;
    }

    DefaultWorkflowEngine engine() {
        return engine;
    }

    /** Runs to the end; the returned future completes after the final record is written. */
    CompletableFuture<WorkflowRun> run() {
        startedAt = sv.clock.instant();
        sv.store.updateRun(runId, RunStatus.RUNNING, null, null, startedAt, null, resumeCount);
        ObjectNode ev = event();
        ev.put("requested_by", requestedBy);
        ev.put("resumed", resumeCount > 0);
        sv.publish("workflow_started", ev);
        Cancellable runTimer = def.timeout() == null ? () -> { }
                : sv.scheduler.schedule(def.timeout(), () -> abort(RunStatus.FAILED,
                        "run timed out after " + Durations.format(def.timeout())));
        ObjectNode runInfo = Json.object();
        runInfo.put("id", runId);
        runInfo.put("workflow_id", def.id());
        Scope root = Scope.root(inputs, runInfo);
        CompletableFuture<Void> body;
        try {
            body = flow.block(def.steps(), def.mode(), def.maxConcurrency(), root, "");
        } catch (RuntimeException e) {
            body = CompletableFuture.failedFuture(e);
        }
        body.handle((v, e) -> {
            runTimer.cancel();
            finish(root, e);
            return null;
        });
        return completion;
    }

    private void finish(Scope root, Throwable failure) {
        if (detached) {
            completion.completeExceptionally(new IllegalStateException("the workflow engine stopped; execution "
                    + runId + " resumes at the next start"));
            return;
        }
        RunStatus status;
        JsonNode result = null;
        String error = null;
        if (abortStatus != null) {
            status = abortStatus;
            error = abortReason;
        } else if (failure != null) {
            status = RunStatus.FAILED;
            error = message(Futures.unwrap(failure));
        } else {
            try {
                result = def.output() != null ? Expressions.resolve(def.output(), root) : root.ownOutputs();
                status = RunStatus.COMPLETED;
            } catch (ExpressionException e) {
                status = RunStatus.FAILED;
                error = "output: " + e.getMessage();
            }
        }
        Instant end = sv.clock.instant();
        WorkflowRun run = new WorkflowRun(runId, def.id(), parentRunId, status, inputs, result, error, requestedBy, createdAt,
                startedAt, end, resumeCount, List.of());
        final RunStatus fs = status;
        final String fe = error;
        sv.store.updateRun(runId, status, result, error, startedAt, end, resumeCount)
                .thenCompose(v -> ledger(run))
                .whenComplete((v, e) -> {
                    ObjectNode ev = event();
                    ev.put("status", fs.wireName());
                    ev.put("duration_ms", Duration.between(startedAt, end).toMillis());
                    if (fe != null) {
                        ev.put("error", fe);
                    }
                    sv.publish(fs == RunStatus.COMPLETED ? "workflow_executed" : "workflow_execution_failed", ev);
                    if (e != null) {
                        completion.completeExceptionally(e);
                    } else {
                        completion.complete(run);
                    }
                });
    }

    private CompletableFuture<Void> ledger(WorkflowRun run) {
        if (sv.ledger == null) {
            return CompletableFuture.completedFuture(null);
        }
        ObjectNode p = Json.object();
        p.put("execution_id", run.id());
        p.put("workflow_id", run.workflowId());
        if (run.parentRunId() != null) {
            p.put("parent_execution_id", run.parentRunId());
        }
        p.put("status", run.status().wireName());
        p.put("requested_by", run.requestedBy());
        p.put("started_at", run.startedAt().toString());
        p.put("completed_at", run.completedAt().toString());
        p.put("resume_count", run.resumeCount());
        if (run.error() != null) {
            p.put("error", run.error());
        }
        try {
            return sv.ledger.append("chainbot.workflow_execution", p).handle((x, e) -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    ObjectNode event() {
        ObjectNode ev = Json.object();
        ev.put("execution_id", runId);
        ev.put("workflow_id", def.id());
        return ev;
    }

    static String message(Throwable t) {
        if (t instanceof TimeoutException || t instanceof StepFailure || t instanceof ExpressionException) {
            return t.getMessage();
        }
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Stops the run: running steps are cancelled; the run ends with {@code status}. */
    boolean abort(RunStatus status, String reason) {
        synchronized (this) {
            if (abortStatus != null || completion.isDone()) {
                return false;
            }
            abortStatus = status;
            abortReason = reason;
        }
        for (CompletableFuture<?> f : inFlight) {
            f.cancel(true);
        }
        return true;
    }

    /** The engine is stopping: stop working without recording anything, so that the next start resumes. */
    void detach() {
        detached = true;
        synchronized (this) {
            if (abortStatus == null) {
                abortStatus = RunStatus.CANCELLED;
                abortReason = "engine stopped";
            }
        }
        for (CompletableFuture<?> f : inFlight) {
            f.cancel(true);
        }
    }

    /** A pause on the scheduler that holds no thread; continues on the executor, not the timer thread. */
    CompletableFuture<Void> sleep(Duration d) {
        CompletableFuture<Void> timer = track(sv.scheduler.delay(d));
        return Futures.linked(timer, v -> CompletableFuture.runAsync(() -> { }, sv.scheduler.executor()));
    }

    JsonNode decide(Approvals.Pending p, boolean approved, String by, String comment) {
        return flow.decide(p, approved, by, comment);
    }

    /** Registers a future that cancellation must reach until it completes. */
    <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        inFlight.add(f);
        f.whenComplete((v, e) -> inFlight.remove(f));
        if (abortStatus != null) {
            f.cancel(true);
        }
        return f;
    }

    // ------------------------------------------------------------------ one step

    /** Runs one step (with its condition, policy and record) and stores its outcome in the scope. */
    CompletableFuture<Void> step(StepDefinition s, Scope scope, String key) {
        return steps.step(s, scope, key);
    }

    /** Exponential backoff with jitter: initial * 2^(attempt-1), capped, spread by ±jitter. */
    Duration backoff(StepDefinition s, int attempt) {
        return steps.backoff(s, attempt);
    }

    /** Whether the run is being stopped (cancelled, timed out, or the engine is stopping). */
    boolean isAborting() {
        return abortStatus != null;
    }

    /** Why the run is being stopped, or null. */
    String abortReason() {
        return abortReason;
    }

    /** Whether the engine stopped and the run must record nothing more. */
    boolean isDetached() {
        return detached;
    }

    FlowSteps flow() {
        return flow;
    }
}
