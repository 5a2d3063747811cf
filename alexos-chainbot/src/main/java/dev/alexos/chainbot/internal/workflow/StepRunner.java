package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One step of a {@link RunExecution}, start to end: its condition, the write-ahead RUNNING
 * record, the work itself (leaf steps here, flow steps through {@link FlowSteps}), the timeout,
 * the failure policy with retries after a backoff, and the final record and event.
 *
 * <p>On resume it replays against the step records of the previous life ({@link #previous}):
 * completed and skipped steps are not run again (their recorded output is used), and a step with
 * external effects that was running when the engine stopped is not repeated unless its policy
 * allows retries or it is marked {@code idempotent}. Thread-safe like its run.
 */
final class StepRunner {
    private final RunExecution run;
    private final EngineServices sv;
    private final LeafSteps leaves;
    private final Map<String, StepRecord> previous;

    StepRunner(RunExecution run, EngineServices sv, Map<String, StepRecord> previous) {
        this.run = run;
        this.sv = sv;
        this.leaves = new LeafSteps(sv);
        this.previous = previous;
    }


    /** Runs one step (with its condition, policy and record) and stores its outcome in the scope. */
    CompletableFuture<Void> step(StepDefinition s, Scope scope, String key) {
        if (run.isAborting()) {
            return CompletableFuture.failedFuture(new CancellationException(run.abortReason()));
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
            boolean met;
            try {
                met = Expressions.test(s.condition(), scope);
            } catch (ExpressionException e) {
                return finalFailure(s, scope, key, new StepFailure("condition: " + e.getMessage()), 0, sv.clock.instant(), null);
            }
            if (!met) {
                Instant now = sv.clock.instant();
                sv.store.recordStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.SKIPPED, null, null,
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
            input = run.flow().resolveConfig(s, scope);
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
                CompletableFuture<Void> written = sv.store.upsertStep(run.runId, running);
                work = Futures.linked(run.track(written), v -> {
                    stepEvent("step_started", s, key, attempt);
                    return execute(s, scope, key, in, attempt, started, resumedFrom);
                });
            } else {
                // pure steps are recomputed if a crash loses their records: nobody waits on them.
                // A transform is instant: its RUNNING record would be overwritten at once.
                // Live views: announced before the step's own work (and its nested steps' events).
                if (s.type() != StepType.TRANSFORM) {
                    sv.store.recordStep(run.runId, running);
                    stepEvent("step_started", s, key, attempt);
                }
                work = execute(s, scope, key, in, attempt, started, resumedFrom);
            }
        } catch (RuntimeException e) {
            input = null;
            work = CompletableFuture.failedFuture(e);
        }
        final JsonNode recordedInput = input == null ? null : redacted != null ? redacted : Redaction.redact(input);
        CompletableFuture<JsonNode> limited = Futures.timeout(run.track(work), s.timeout(), sv.scheduler,
                "step '" + s.id() + "'");
        return limited.handle((out, err) -> {
            if (run.isDetached()) {
                return CompletableFuture.<Void>failedFuture(new CancellationException("engine stopped"));
            }
            if (err == null) {
                Instant end = sv.clock.instant();
                sv.store.recordStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.COMPLETED,
                        recordedInput, out, null, attempt, started, end, run.stepState.remove(key)));
                done(s, scope, out);
                ObjectNode ev = run.event();
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
            if (run.isAborting() || cause instanceof CancellationException) {
                String reason = run.abortReason() != null ? run.abortReason() : "cancelled";
                sv.store.recordStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.CANCELLED,
                        recordedInput, null, reason, attempt, started, sv.clock.instant(), null));
                return CompletableFuture.<Void>failedFuture(new CancellationException(reason));
            }
            if (attempt < s.onFailure().maxAttempts() && !(cause instanceof ExpressionException)) {
                Duration backoff = backoff(s, attempt);
                sv.store.recordStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.WAITING,
                        recordedInput, null, RunExecution.message(cause), attempt, started, null, null));
                failedEvent(s, key, cause, attempt, true);
                return run.sleep(backoff).thenCompose(v -> attempt(s, scope, key, attempt + 1, started, null));
            }
            return finalFailure(s, scope, key, cause, attempt, started, recordedInput);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Void> finalFailure(StepDefinition s, Scope scope, String key, Throwable cause, int attempt,
            Instant started, JsonNode input) {
        String msg = RunExecution.message(cause);
        sv.store.recordStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.FAILED, input, null, msg,
                attempt, started, sv.clock.instant(), run.stepState.remove(key)));
        failedEvent(s, key, cause, attempt, false);
        if (s.onFailure().continuesAfterFailure()) {
            scope.putStep(s.id(), "failed", null, msg);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(new StepFailure("step '" + key + "' failed: " + msg));
    }

    /** A step's progress for live views: {@code step_started} (its running record is written), {@code step_skipped}. */
    private void stepEvent(String type, StepDefinition s, String key, int attempt) {
        ObjectNode ev = run.event();
        ev.put("step_id", s.id());
        ev.put("step_key", key);
        ev.put("type", s.type().wireName());
        ev.put("attempts", attempt);
        sv.publish(type, ev);
    }

    private void failedEvent(StepDefinition s, String key, Throwable cause, int attempt, boolean willRetry) {
        ObjectNode ev = run.event();
        ev.put("step_id", s.id());
        ev.put("step_key", key);
        ev.put("type", s.type().wireName());
        ev.put("attempts", attempt);
        ev.put("error", RunExecution.message(cause));
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
            case AGENT_TASK -> leaves.agentTask(s, in, run.runId, key);
            case LLM -> leaves.llm(s, in, run.runId);
            case API_CALL -> leaves.apiCall(s, in);
            case TRANSFORM -> CompletableFuture.completedFuture(leaves.transform(in, s, scope));
            case EMIT_EVENT -> CompletableFuture.completedFuture(leaves.emitEvent(in, run.runId, run.def.id()));
            case WAIT -> run.flow().waitStep(s, key, in, attempt, started, resumedFrom);
            case APPROVAL -> run.flow().approval(s, key, in, attempt, started, resumedFrom);
            case SUB_WORKFLOW -> run.flow().subWorkflow(s, key, in, attempt, started, resumedFrom);
            case CONDITION, SWITCH, PARALLEL, FOR_EACH, LOOP -> run.flow().container(s, scope, key, in);
        };
    }
}
