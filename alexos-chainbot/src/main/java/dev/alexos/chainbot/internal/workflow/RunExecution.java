package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.StepType;
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
 * life ({@link #previous}): completed and skipped steps are not run again (their recorded output
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
    private final LeafSteps leaves;
    private final FlowSteps flow;
    private final Map<String, StepRecord> previous;
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
        this.previous = previous == null ? Map.of() : previous;
        this.leaves = new LeafSteps(sv);
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
        if (abortStatus != null) {
            return CompletableFuture.failedFuture(new CancellationException(abortReason));
        }
        StepRecord prev = previous.get(key);
        if (prev != null) {
            switch (prev.status()) {
                case COMPLETED -> {
                    done(s, scope, prev.output());
                    return CompletableFuture.completedFuture(null);
                }
                case SKIPPED -> {
                    scope.putStep(s.id(), "skipped", null, null);
                    return CompletableFuture.completedFuture(null);
                }
                case FAILED -> {
                    if (s.onFailure().continuesAfterFailure()) {
                        scope.putStep(s.id(), "failed", null, prev.error());
                        return CompletableFuture.completedFuture(null);
                    }
                }
                default -> {
                    // running, waiting, waiting approval: resumed below
                }
            }
        }
        if (s.condition() != null) {
            boolean run;
            try {
                run = Expressions.test(s.condition(), scope);
            } catch (ExpressionException e) {
                return finalFailure(s, scope, key, new StepFailure("condition: " + e.getMessage()), 0, sv.clock.instant(), null);
            }
            if (!run) {
                Instant now = sv.clock.instant();
                sv.store.recordStep(runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.SKIPPED, null, null,
                        null, 0, now, now, null));
                scope.putStep(s.id(), "skipped", null, null);
                stepEvent("step_skipped", s, key, 0);
                return CompletableFuture.completedFuture(null);
            }
        }
        int attemptsBefore = prev == null ? 0 : prev.attempts();
        Instant started = prev == null || prev.startedAt() == null ? sv.clock.instant() : prev.startedAt();
        return attempt(s, scope, key, attemptsBefore + 1, started, prev);
    }

    private CompletableFuture<Void> attempt(StepDefinition s, Scope scope, String key, int attempt, Instant started,
            StepRecord resumedFrom) {
        JsonNode input;
        JsonNode redacted = null;
        CompletableFuture<JsonNode> work;
        try {
            input = flow.resolveConfig(s, scope);
            if (resumedFrom != null && resumedFrom.status() == StepStatus.RUNNING && s.type().hasExternalEffects()
                    && !s.onFailure().action().equals(dev.alexos.chainbot.workflow.FailurePolicy.Action.RETRY)
                    && !s.config().path("idempotent").asBoolean(false) && s.type() != StepType.SUB_WORKFLOW) {
                throw new StepFailure("interrupted by an engine restart while running; not repeated because the step is"
                        + " not idempotent (set on_failure.action: retry or config.idempotent: true to allow it)");
            }
            redacted = Redaction.redact(input);
            StepRecord running = new StepRecord(key, s.id(), s.type().wireName(), StepStatus.RUNNING,
                    redacted, null, null, attempt, started, null,
                    resumedFrom == null ? null : resumedFrom.state());
            final JsonNode in = input;
            if (s.type().hasExternalEffects()) {
                // write-ahead: a crash after the effect must find the step recorded as running,
                // so the effect waits until that record is on disk
                CompletableFuture<Void> written = sv.store.upsertStep(runId, running);
                work = Futures.linked(track(written), v -> {
                    stepEvent("step_started", s, key, attempt);
                    return execute(s, scope, key, in, attempt, started, resumedFrom);
                });
            } else {
                // pure steps are recomputed if a crash loses their records: nobody waits on them.
                // A transform is instant: its RUNNING record would be overwritten at once.
                // Live views: announced before the step's own work (and its nested steps' events).
                if (s.type() != StepType.TRANSFORM) {
                    sv.store.recordStep(runId, running);
                    stepEvent("step_started", s, key, attempt);
                }
                work = execute(s, scope, key, in, attempt, started, resumedFrom);
            }
        } catch (RuntimeException e) {
            input = null;
            work = CompletableFuture.failedFuture(e);
        }
        final JsonNode recordedInput = input == null ? null : redacted != null ? redacted : Redaction.redact(input);
        CompletableFuture<JsonNode> limited = Futures.timeout(track(work), s.timeout(), sv.scheduler,
                "step '" + s.id() + "'");
        return limited.handle((out, err) -> {
            if (detached) {
                return CompletableFuture.<Void>failedFuture(new CancellationException("engine stopped"));
            }
            if (err == null) {
                Instant end = sv.clock.instant();
                sv.store.recordStep(runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.COMPLETED,
                        recordedInput, out, null, attempt, started, end, stepState.remove(key)));
                done(s, scope, out);
                ObjectNode ev = event();
                ev.put("step_id", s.id());
                ev.put("step_key", key);
                ev.put("type", s.type().wireName());
                ev.put("attempts", attempt);
                ev.put("duration_ms", Duration.between(started, end).toMillis());
                if ((s.type() == StepType.CONDITION || s.type() == StepType.SWITCH) && out != null && out.has("branch")) {
                    ev.set("branch", out.get("branch")); // live views mark the branches not taken
                }
                sv.publish("step_completed", ev);
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = Futures.unwrap(err);
            if (abortStatus != null || cause instanceof CancellationException) {
                String reason = abortReason != null ? abortReason : "cancelled";
                sv.store.recordStep(runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.CANCELLED,
                        recordedInput, null, reason, attempt, started, sv.clock.instant(), null));
                return CompletableFuture.<Void>failedFuture(new CancellationException(reason));
            }
            if (attempt < s.onFailure().maxAttempts() && !(cause instanceof ExpressionException)) {
                Duration backoff = backoff(s, attempt);
                sv.store.recordStep(runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.WAITING,
                        recordedInput, null, message(cause), attempt, started, null, null));
                failedEvent(s, key, cause, attempt, true);
                return sleep(backoff).thenCompose(v -> attempt(s, scope, key, attempt + 1, started, null));
            }
            return finalFailure(s, scope, key, cause, attempt, started, recordedInput);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Void> finalFailure(StepDefinition s, Scope scope, String key, Throwable cause, int attempt,
            Instant started, JsonNode input) {
        String msg = message(cause);
        sv.store.recordStep(runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.FAILED, input, null, msg,
                attempt, started, sv.clock.instant(), stepState.remove(key)));
        failedEvent(s, key, cause, attempt, false);
        if (s.onFailure().continuesAfterFailure()) {
            scope.putStep(s.id(), "failed", null, msg);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(new StepFailure("step '" + key + "' failed: " + msg));
    }

    /** A step's progress for live views: {@code step_started} (its running record is written), {@code step_skipped}. */
    private void stepEvent(String type, StepDefinition s, String key, int attempt) {
        ObjectNode ev = event();
        ev.put("step_id", s.id());
        ev.put("step_key", key);
        ev.put("type", s.type().wireName());
        ev.put("attempts", attempt);
        sv.publish(type, ev);
    }

    private void failedEvent(StepDefinition s, String key, Throwable cause, int attempt, boolean willRetry) {
        ObjectNode ev = event();
        ev.put("step_id", s.id());
        ev.put("step_key", key);
        ev.put("type", s.type().wireName());
        ev.put("attempts", attempt);
        ev.put("error", message(cause));
        ev.put("will_retry", willRetry);
        sv.publish("step_failed", ev);
    }

    /** Exponential backoff with jitter: initial * 2^(attempt-1), capped, spread by ±jitter. */
    Duration backoff(StepDefinition s, int attempt) {
        var p = s.onFailure();
        double base = p.initialBackoff().toMillis() * Math.pow(2, Math.min(30, attempt - 1));
        base = Math.min(base, p.maxBackoff().toMillis());
        double spread = base * p.jitter() * (sv.random.getAsDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(0, Math.round(base + spread)));
    }

    private void done(StepDefinition s, Scope scope, JsonNode out) {
        scope.putStep(s.id(), "completed", out, null);
        if (s.outputVariable() != null) {
            scope.putVar(s.outputVariable(), out);
        }
    }

    private CompletableFuture<JsonNode> execute(StepDefinition s, Scope scope, String key, JsonNode in, int attempt,
            Instant started, StepRecord resumedFrom) {
        return switch (s.type()) {
            case AGENT_TASK -> leaves.agentTask(s, in, runId, key);
            case LLM -> leaves.llm(s, in, runId);
            case API_CALL -> leaves.apiCall(s, in);
            case TRANSFORM -> CompletableFuture.completedFuture(leaves.transform(in, s, scope));
            case EMIT_EVENT -> CompletableFuture.completedFuture(leaves.emitEvent(in, runId, def.id()));
            case WAIT -> flow.waitStep(s, key, in, attempt, started, resumedFrom);
            case APPROVAL -> flow.approval(s, key, in, attempt, started, resumedFrom);
            case SUB_WORKFLOW -> flow.subWorkflow(s, key, in, attempt, started, resumedFrom);
            case CONDITION, SWITCH, PARALLEL, FOR_EACH, LOOP -> flow.container(s, scope, key, in);
        };
    }
}
