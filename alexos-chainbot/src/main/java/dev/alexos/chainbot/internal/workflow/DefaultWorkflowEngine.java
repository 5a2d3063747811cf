package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowEngine;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.chainbot.workflow.UnknownWorkflowException;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine: definitions from files, runs persisted in H2, a bound on concurrent runs
 * with a queue, recovery of unfinished runs at start. See {@link WorkflowEngine} for the contract.
 */
public final class DefaultWorkflowEngine implements WorkflowEngine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultWorkflowEngine.class);

    private final EngineServices sv;
    private final EngineSettings settings;
    private final DefinitionRepository definitions;
    private final Map<String, RunExecution> live = new ConcurrentHashMap<>();
    private final ArrayDeque<RunExecution> queue = new ArrayDeque<>();
    private final Object slots = new Object();
    private int active;
    private volatile boolean stopped;
    private Cancellable retentionTimer = () -> { };

    /**
     * Opens the database and the definitions directory under {@code dataDirectory}
     * ({@code workflows-db}, {@code workflows/}); call {@link #recover()} to resume runs.
     */
    public DefaultWorkflowEngine(AgentRegistry agents, EventBus events, Ledger ledger, Clock clock, Scheduler scheduler,
            Path dataDirectory, EngineSettings settings, DoubleSupplier random) {
        this.settings = settings;
        RunStore store = new RunStore(dataDirectory, scheduler.executor());
        this.sv = new EngineServices(agents, events, ledger, clock, scheduler, store, settings.source(),
                random == null ? () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble() : random);
        try {
            this.definitions = new DefinitionRepository(dataDirectory.resolve("workflows"), settings.installExamples());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Finds runs that were in flight when the engine last stopped and resumes them (or fails them
     * with the reason). Also starts the retention clean-up.
     */
    public void recover() {
        List<RunExecution> resumed = new ArrayList<>();
        for (WorkflowRun r : sv.store.unfinished()) {
            WorkflowDefinition d;
            try {
                d = definitions.parseSnapshot(sv.store.definitionOf(r.id()));
            } catch (Exception e) {
                String why = "cannot resume after restart: the definition snapshot does not validate (" + e.getMessage() + ")";
                sv.store.updateRun(r.id(), RunStatus.FAILED, null, why, null, sv.clock.instant(), r.resumeCount());
                continue;
            }
            boolean wasStarted = r.status() != RunStatus.QUEUED;
            Map<String, StepRecord> prev = wasStarted ? sv.store.steps(r.id()) : Map.of();
            RunExecution ex = new RunExecution(sv, this, r.id(), d, r.parentRunId(), r.inputs(), r.requestedBy(),
                    r.createdAt(), wasStarted ? r.resumeCount() + 1 : r.resumeCount(), r.parentRunId() == null ? 0 : 1, prev);
            live.put(ex.runId, ex);
            resumed.add(ex);
        }
        if (!resumed.isEmpty()) {
            LOG.info("resuming {} workflow execution(s) found unfinished", resumed.size());
        }
        // children first in the list does not matter: every run is registered before any launches
        for (RunExecution ex : resumed) {
            admit(ex, ex.parentRunId != null);
        }
        if (settings.retention() != null) {
            retentionTimer = sv.scheduler.scheduleWithFixedDelay(Duration.ofMinutes(1), Duration.ofHours(1),
                    () -> sv.store.deleteRunsBefore(sv.clock.instant().minus(settings.retention())));
        }
    }

    // ------------------------------------------------------------------ definitions

    @Override
    public List<WorkflowDefinition> definitions() {
        return definitions.all();
    }

    @Override
    public Optional<WorkflowDefinition> definition(String workflowId) {
        return definitions.find(workflowId);
    }

    @Override
    public WorkflowDefinition saveDefinition(ObjectNode document) {
        return definitions.save(document);
    }

    @Override
    public boolean deleteDefinition(String workflowId) {
        return definitions.delete(workflowId);
    }

    /** Files in the definitions directory that did not load, with the reason. */
    public Map<String, String> loadErrors() {
        return definitions.loadErrors();
    }

    // ------------------------------------------------------------------ runs

    @Override
    public String start(String workflowId, ObjectNode inputs, String requestedBy) {
        checkOpen();
        WorkflowDefinition d = definitions.find(workflowId).orElseThrow(() -> new UnknownWorkflowException("workflow", workflowId));
        ObjectNode in = InputValidation.apply(d, inputs);
        synchronized (slots) {
            if (active >= settings.maxConcurrentRuns() && queue.size() >= settings.queueCapacity()) {
                throw new IllegalStateException("the workflow engine is at capacity: " + active + " runs executing and "
                        + queue.size() + " queued (limits " + settings.maxConcurrentRuns() + " and " + settings.queueCapacity() + ")");
            }
        }
        RunExecution ex = create(d, in, requestedBy, null, 0);
        sv.store.insertRun(queued(ex), d.source().toString()).join();
        live.put(ex.runId, ex);
        admit(ex, false);
        return ex.runId;
    }

    /** Starts a sub-workflow run of {@code parent}; it does not wait for a slot (its parent holds one). */
    CompletableFuture<String> startChild(RunExecution parent, String workflowId, ObjectNode inputs) {
        WorkflowDefinition d = definitions.find(workflowId).orElseThrow(
                () -> new StepFailure("config.workflow_id: workflow '" + workflowId + "' does not exist"));
        ObjectNode in;
        try {
            in = InputValidation.apply(d, inputs);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("config." + e.getMessage());
        }
        RunExecution ex = create(d, in, "workflow:" + parent.runId, parent.runId, parent.depth + 1);
        live.put(ex.runId, ex);
        return sv.store.insertRun(queued(ex), d.source().toString()).thenApply(v -> {
            admit(ex, true);
            return ex.runId;
        });
    }

    private RunExecution create(WorkflowDefinition d, ObjectNode in, String requestedBy, String parent, int depth) {
        return new RunExecution(sv, this, UUID.randomUUID().toString(), d, parent, in,
                requestedBy == null ? "system" : requestedBy, sv.clock.instant(), 0, depth, null);
    }

    private static WorkflowRun queued(RunExecution ex) {
        return new WorkflowRun(ex.runId, ex.def.id(), ex.parentRunId, RunStatus.QUEUED, ex.inputs, null, null, ex.requestedBy,
                ex.createdAt, null, null, 0, List.of());
    }

    private void admit(RunExecution ex, boolean bypassLimit) {
        boolean launch;
        synchronized (slots) {
            launch = bypassLimit || active < settings.maxConcurrentRuns();
            if (launch) {
                active++;
            } else {
                queue.add(ex);
            }
        }
        if (launch) {
            launch(ex);
        }
    }

    private void launch(RunExecution ex) {
        sv.scheduler.executor().execute(() -> ex.run().whenComplete((r, e) -> {
            live.remove(ex.runId);
            RunExecution next;
            synchronized (slots) {
                active--;
                next = stopped ? null : queue.poll();
                if (next != null) {
                    active++;
                }
            }
            if (next != null) {
                launch(next);
            }
        }));
    }

    @Override
    public CompletableFuture<WorkflowRun> completion(String runId) {
        RunExecution ex = live.get(runId);
        if (ex != null) {
            return ex.completion;
        }
        return sv.store.flush().thenApply(v -> {
            WorkflowRun r = sv.store.find(runId, false).orElseThrow(() -> new UnknownWorkflowException("execution", runId));
            if (!r.status().isTerminal()) {
                throw new IllegalStateException("execution " + runId + " is " + r.status().wireName() + " but not active in this engine");
            }
            return r;
        });
    }

    @Override
    public Optional<WorkflowRun> run(String runId) {
        return sv.store.find(runId, true);
    }

    @Override
    public List<WorkflowRun> runs(String workflowId, int limit) {
        return sv.store.list(workflowId, Math.max(1, Math.min(limit, 10_000)));
    }

    @Override
    public boolean cancel(String runId, String reason) {
        RunExecution ex = live.get(runId);
        if (ex == null) {
            if (sv.store.find(runId, false).isEmpty()) {
                throw new UnknownWorkflowException("execution", runId);
            }
            return false;
        }
        boolean wasQueued;
        synchronized (slots) {
            wasQueued = queue.remove(ex);
            if (wasQueued) {
                active++;
            }
        }
        boolean aborted = ex.abort(RunStatus.CANCELLED, reason == null || reason.isBlank() ? "cancelled" : reason);
        if (wasQueued) {
            launch(ex);
        }
        return aborted;
    }

    @Override
    public JsonNode decide(String runId, String stepKey, boolean approved, String by, String comment) {
        RunExecution ex = live.get(runId);
        if (ex == null || ex.completion.isDone()) {
            if (sv.store.find(runId, false).isEmpty()) {
                throw new UnknownWorkflowException("execution", runId);
            }
            throw new IllegalStateException("execution " + runId + " has ended: nothing awaits approval");
        }
        Approvals.Pending p;
        if (stepKey != null && !stepKey.isBlank()) {
            p = ex.approvals.get(stepKey);
            if (p == null) {
                throw new IllegalStateException("execution " + runId + " has no approval pending at step '" + stepKey + "'");
            }
        } else {
            List<Approvals.Pending> all = List.copyOf(ex.approvals.values());
            if (all.isEmpty()) {
                throw new IllegalStateException("execution " + runId + " is not waiting for an approval");
            }
            if (all.size() > 1) {
                throw new IllegalStateException("execution " + runId + " has " + all.size()
                        + " approvals pending: name one with step_key");
            }
            p = all.get(0);
        }
        return ex.decide(p, approved, by == null ? "unknown" : by, comment);
    }

    @Override
    public ObjectNode stats() {
        ObjectNode o = Json.object();
        synchronized (slots) {
            o.put("active", active);
            o.put("queued", queue.size());
        }
        o.put("waiting_approvals", live.values().stream().mapToInt(e -> e.approvals.size()).sum());
        o.put("workflows", definitions.all().size());
        o.put("max_concurrent_runs", settings.maxConcurrentRuns());
        ObjectNode by = o.putObject("executions_by_status");
        sv.store.countByStatus().forEach(by::put);
        if (!definitions.loadErrors().isEmpty()) {
            ObjectNode le = o.putObject("load_errors");
            definitions.loadErrors().forEach(le::put);
        }
        return o;
    }

    private void checkOpen() {
        if (stopped) {
            throw new IllegalStateException("the workflow engine is stopped");
        }
    }

    /**
     * Stops: runs in flight are detached (not failed: their records stay as they are, so the
     * next start resumes them), then the database is closed.
     */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        retentionTimer.cancel();
        live.values().forEach(RunExecution::detach);
        sv.store.close();
    }
}
