package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Steps that shape the run: blocks, condition/switch, parallel, loops, wait, approval, sub_workflow. */
final class FlowSteps {
    /** Config keys evaluated per item or per iteration, not once when the step starts. */
    private static final Set<String> LAZY = Set.of("where", "map", "while", "if");
    private static final int MAX_DEPTH = 10;

    private final RunExecution run;
    private final EngineServices sv;

    FlowSteps(RunExecution run) {
        this.run = run;
        this.sv = run.services();
    }

    JsonNode resolveConfig(StepDefinition s, Scope scope) {
        ObjectNode out = Json.object();
        s.config().properties().forEach(e -> out.set(e.getKey(),
                LAZY.contains(e.getKey()) ? e.getValue() : Expressions.resolve(e.getValue(), scope)));
        return out;
    }

    /** Runs a block of steps in the given mode; keys are {@code prefix + id}. */
    CompletableFuture<Void> block(List<StepDefinition> steps, WorkflowDefinition.Mode mode, int maxConcurrency, Scope scope,
            String prefix) {
        switch (mode) {
            case PARALLEL:
                return Futures.bounded(steps.size(), maxConcurrency, i -> run.step(steps.get(i), scope, prefix + steps.get(i).id()));
            case GRAPH: {
                Map<String, StepDefinition> byId = new LinkedHashMap<>();
                Map<String, List<String>> deps = new LinkedHashMap<>();
                steps.forEach(s -> {
                    byId.put(s.id(), s);
                    deps.put(s.id(), s.dependsOn());
                });
                return Futures.graph(List.copyOf(byId.keySet()), deps, maxConcurrency,
                        id -> run.step(byId.get(id), scope, prefix + id));
            }
            default:
                return Futures.bounded(steps.size(), 1, i -> run.step(steps.get(i), scope, prefix + steps.get(i).id()));
        }
    }

    private CompletableFuture<Void> sequence(List<StepDefinition> steps, Scope scope, String prefix) {
        return block(steps, WorkflowDefinition.Mode.SEQUENTIAL, 1, scope, prefix);
    }

    private static ObjectNode outputs(List<StepDefinition> steps, Scope scope) {
        ObjectNode o = Json.object();
        for (StepDefinition c : steps) {
            JsonNode st = scope.step(c.id());
            if (st != null) {
                o.set(c.id(), st.get("output"));
            }
        }
        return o;
    }

    CompletableFuture<JsonNode> container(StepDefinition s, Scope scope, String key, JsonNode in) {
        switch (s.type()) {
            case CONDITION: {
                boolean r = Expressions.test(s.config().get("if").asText(), scope);
                return branch(s, scope, key, r ? "then" : "else", Json.mapper().getNodeFactory().booleanNode(r));
            }
            case SWITCH: {
                String v = Expressions.text(in.get("value"));
                String b = s.branches().containsKey("case:" + v) ? "case:" + v : "default";
                return branch(s, scope, key, b, Json.mapper().getNodeFactory().textNode(v));
            }
            case PARALLEL: {
                int limit = in.path("max_concurrency").asInt(16);
                return block(s.children(), WorkflowDefinition.Mode.PARALLEL, limit, scope, key + "/")
                        .thenApply(v -> outputs(s.children(), scope));
            }
            case FOR_EACH:
                return forEach(s, scope, key, in);
            case LOOP:
                return loop(s, scope, key, in);
            default:
                throw new IllegalStateException(s.type().toString());
        }
    }

    private CompletableFuture<JsonNode> branch(StepDefinition s, Scope scope, String key, String branch, JsonNode value) {
        List<StepDefinition> steps = s.branches().get(branch);
        ObjectNode out = Json.object();
        out.set("value", value);
        if (steps == null) {
            out.putNull("branch");
            return CompletableFuture.completedFuture(out);
        }
        String name = branch.startsWith("case:") ? branch.substring(5) : branch;
        out.put("branch", name);
        return sequence(steps, scope, key + "/" + name + "/").thenApply(v -> {
            out.set("outputs", outputs(steps, scope));
            return out;
        });
    }

    private CompletableFuture<JsonNode> forEach(StepDefinition s, Scope scope, String key, JsonNode in) {
        JsonNode items = in.get("items");
        if (items == null || !items.isArray()) {
            throw new StepFailure("config.items: expected an array, got " + (items == null ? "nothing" : items.getNodeType().toString().toLowerCase()));
        }
        int max = in.path("max_iterations").asInt(1000);
        if (items.size() > max) {
            throw new StepFailure("config.items: " + items.size() + " items exceed max_iterations " + max);
        }
        int concurrency = in.path("concurrency").asInt(1);
        AtomicReferenceArray<JsonNode> results = new AtomicReferenceArray<>(items.size());
        List<StepDefinition> body = s.children();
        return Futures.bounded(items.size(), concurrency, i -> {
            Scope each = scope.child().local("item", items.get(i)).local("index", Json.mapper().getNodeFactory().numberNode(i));
            return sequence(body, each, key + "[" + i + "]/").thenAccept(v -> results.set(i, iterationOutput(body, each)));
        }).thenApply(v -> {
            ArrayNode a = Json.array();
            for (int i = 0; i < results.length(); i++) {
                a.add(results.get(i));
            }
            return a;
        });
    }

    private static JsonNode iterationOutput(List<StepDefinition> body, Scope each) {
        if (body.size() == 1) {
            JsonNode st = each.step(body.get(0).id());
            return st == null ? Json.mapper().nullNode() : st.get("output");
        }
        return outputs(body, each);
    }

    private CompletableFuture<JsonNode> loop(StepDefinition s, Scope scope, String key, JsonNode in) {
        String cond = s.config().get("while").asText();
        int max = in.path("max_iterations").asInt(100);
        boolean failAtMax = !"stop".equals(in.path("on_max").asText("fail"));
        List<StepDefinition> body = s.children();
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicInteger count = new AtomicInteger();
        Scope[] last = {scope};
        return Futures.bounded(max + 1, 1, i -> {
            if (stopped.get()) {
                return CompletableFuture.completedFuture(null);
            }
            Scope probe = last[0].child().local("index", Json.mapper().getNodeFactory().numberNode(i));
            if (!Expressions.test(cond, probe)) {
                stopped.set(true);
                return CompletableFuture.completedFuture(null);
            }
            if (i == max) {
                if (failAtMax) {
                    throw new StepFailure("loop reached max_iterations (" + max + ") and 'while' is still true");
                }
                stopped.set(true);
                return CompletableFuture.completedFuture(null);
            }
            Scope iter = scope.child().local("index", Json.mapper().getNodeFactory().numberNode(i));
            return sequence(body, iter, key + "[" + i + "]/").thenRun(() -> {
                last[0] = iter;
                count.incrementAndGet();
            });
        }).thenApply(v -> {
            ObjectNode o = Json.object();
            o.put("iterations", count.get());
            o.set("last", count.get() == 0 ? Json.mapper().nullNode() : outputs(body, last[0]));
            return o;
        });
    }

    CompletableFuture<JsonNode> waitStep(StepDefinition s, String key, JsonNode in, int attempt, Instant started,
            StepRecord resumedFrom) {
        Duration d;
        try {
            d = Durations.parse(in.has("duration") ? in.get("duration") : in.get("seconds"));
        } catch (IllegalArgumentException e) {
            throw new StepFailure("config.duration: " + e.getMessage());
        }
        Instant now = sv.clock.instant();
        Instant wake = resumedFrom != null && resumedFrom.state() != null && resumedFrom.state().has("wake_at")
                ? Instant.ofEpochMilli(resumedFrom.state().get("wake_at").asLong())
                : now.plus(d);
        ObjectNode state = Json.object();
        state.put("wake_at", wake.toEpochMilli());
        // durable (one fsync, shared with the batch) but not waited on: the timer does not depend on it
        sv.store.upsertStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(), StepStatus.WAITING,
                Redaction.redact(in), null, null, attempt, started, null, state));
        Duration remaining = Duration.between(now, wake);
        if (remaining.isNegative()) {
            remaining = Duration.ZERO;
        }
        ObjectNode out = Json.object();
        out.put("waited_ms", d.toMillis());
        return run.sleep(remaining).thenApply(v -> out);
    }

    CompletableFuture<JsonNode> approval(StepDefinition s, String key, JsonNode in, int attempt, Instant started,
            StepRecord resumedFrom) {
        JsonNode st = resumedFrom == null ? null : resumedFrom.state();
        if (st != null && st.has("decision")) {
            return decided(st.get("decision"));
        }
        String message = Expressions.text(in.get("message"));
        Approvals.Pending pending = new Approvals.Pending(s.id(), key, message,
                st != null && st.has("requested_at") ? Instant.ofEpochMilli(st.get("requested_at").asLong()) : sv.clock.instant(),
                new CompletableFuture<>());
        ObjectNode state = Json.object();
        state.put("message", message);
        state.put("requested_at", pending.requestedAt().toEpochMilli());
        CompletableFuture<Void> written = sv.store.upsertStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(),
                StepStatus.WAITING_APPROVAL, Redaction.redact(in), null, null, attempt, started, null, state));
        sv.store.updateRun(run.runId, RunStatus.WAITING_APPROVAL, null, null, null, null, run.resumeCount);
        // decidable only once these writes are queued: the store writes in order, so a decision
        // made right away is recorded after them instead of being overwritten by them
        run.approvals.put(key, pending);
        ObjectNode ev = run.event();
        ev.put("step_id", s.id());
        ev.put("step_key", key);
        ev.put("message", message);
        if (in.has("approvers")) {
            ev.set("approvers", in.get("approvers"));
        }
        written.thenRun(() -> sv.publish("approval_requested", ev));
        pending.decision().whenComplete((v, e) -> run.approvals.remove(key));
        return Futures.linked(run.track(pending.decision()), decision -> {
            // back to RUNNING before the run goes on (not in a callback racing it): a later write of
            // RUNNING would overwrite the run's final status. A cancelled wait (abort, engine stop)
            // writes nothing here: the run records its own end, or resumes from WAITING_APPROVAL.
            run.approvals.remove(key);
            if (run.approvals.isEmpty() && !run.completion.isDone()) {
                sv.store.updateRun(run.runId, RunStatus.RUNNING, null, null, null, null, run.resumeCount);
            }
            return decided(decision);
        });
    }

    private static CompletableFuture<JsonNode> decided(JsonNode decision) {
        if (decision.path("approved").asBoolean(false)) {
            return CompletableFuture.completedFuture(decision);
        }
        String by = decision.path("by").asText("someone");
        String comment = decision.path("comment").asText("");
        return CompletableFuture.failedFuture(new StepFailure("rejected by " + by + (comment.isEmpty() ? "" : ": " + comment)));
    }

    /** Records the decision durably, then lets the waiting step go on. */
    JsonNode decide(Approvals.Pending p, boolean approved, String by, String comment) {
        ObjectNode decision = Json.object();
        decision.put("approved", approved);
        decision.put("by", by);
        if (comment != null && !comment.isBlank()) {
            decision.put("comment", comment);
        }
        decision.put("decided_at", sv.clock.instant().toString());
        ObjectNode state = Json.object();
        state.put("message", p.message());
        state.put("requested_at", p.requestedAt().toEpochMilli());
        state.set("decision", decision);
        run.stepState.put(p.stepKey(), state);
        StepRecord current = sv.store.steps(run.runId).get(p.stepKey());
        sv.store.upsertStep(run.runId, new StepRecord(p.stepKey(), p.stepId(), "approval", StepStatus.WAITING_APPROVAL,
                current == null ? null : current.input(), null, null, current == null ? 1 : current.attempts(),
                current == null ? p.requestedAt() : current.startedAt(), null, state)).join();
        p.decision().complete(decision);
        return decision;
    }

    CompletableFuture<JsonNode> subWorkflow(StepDefinition s, String key, JsonNode in, int attempt, Instant started,
            StepRecord resumedFrom) {
        JsonNode st = resumedFrom == null ? null : resumedFrom.state();
        CompletableFuture<String> child;
        if (st != null && st.hasNonNull("child_run_id")) {
            child = CompletableFuture.completedFuture(st.get("child_run_id").asText());
            run.stepState.put(key, st);
        } else {
            if (run.depth + 1 > MAX_DEPTH) {
                throw new StepFailure("sub_workflow nesting is deeper than " + MAX_DEPTH);
            }
            JsonNode inputs = in.get("inputs");
            child = run.engine().startChild(run, in.path("workflow_id").asText(),
                    inputs != null && inputs.isObject() ? (ObjectNode) inputs : Json.object()).thenCompose(id -> {
                        ObjectNode state = Json.object();
                        state.put("child_run_id", id);
                        run.stepState.put(key, state);
                        // durable before waiting: a restart must find the child, not start another
                        return sv.store.upsertStep(run.runId, new StepRecord(key, s.id(), s.type().wireName(),
                                StepStatus.RUNNING, Redaction.redact(in), null, null, attempt, started, null, state))
                                .thenApply(v -> id);
                    });
        }
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        child.whenComplete((id, e) -> {
            if (e != null) {
                out.completeExceptionally(Futures.unwrap(e));
                return;
            }
            out.whenComplete((x, err) -> {
                if (out.isCancelled()) {
                    run.engine().cancel(id, "parent execution " + run.runId + " was cancelled");
                }
            });
            run.engine().completion(id).whenComplete((r, err) -> {
                if (err != null) {
                    out.completeExceptionally(Futures.unwrap(err));
                } else if (r.status() == RunStatus.COMPLETED) {
                    out.complete(r.result() == null ? Json.mapper().nullNode() : r.result());
                } else {
                    out.completeExceptionally(new StepFailure("sub-workflow '" + r.workflowId() + "' (execution "
                            + r.id() + ") " + r.status().wireName() + (r.error() == null ? "" : ": " + r.error())));
                }
            });
        });
        return out;
    }
}
