package dev.alexos.chainbot.internal.workflow;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.CapturingEventBus;
import dev.alexos.testkit.CapturingLedger;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** An engine on the testkit's virtual clock, capturing bus and ledger and a fake registry, over a real H2 file in a temp dir. */
final class Harness implements AutoCloseable {
    final Path dir;
    final VirtualClock clock = VirtualClock.create();
    /** Blocking work on a small real pool: the engine runs steps off the advancing thread. */
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-executor");
        t.setDaemon(true);
        return t;
    });
    final VirtualScheduler scheduler = new VirtualScheduler(clock, pool);
    final FakeRegistry agents = new FakeRegistry();
    final CapturingEventBus bus = new CapturingEventBus(clock);
    final CapturingLedger ledger = new CapturingLedger(clock);
    int maxRuns = 100;
    int queueCapacity = 1000;
    boolean installExamples;
    DefaultWorkflowEngine engine;

    Harness(Path dir) {
        this.dir = dir;
    }

    DefaultWorkflowEngine start() {
        engine = new DefaultWorkflowEngine(agents, bus, ledger, clock, scheduler, dir,
                new EngineSettings(maxRuns, queueCapacity, installExamples, null, "chainbot-001"), () -> 0.5);
        engine.recover();
        return engine;
    }

    void restart() {
        engine.close();
        start();
    }

    /** An agent that echoes its params as output. */
    ScriptedAgent echo(String id) {
        ScriptedAgent a = new ScriptedAgent(id, List.of("echo"), t -> CompletableFuture.completedFuture(TaskResult.success(t.params())));
        agents.register(a);
        return a;
    }

    /** An agent whose futures never complete on their own. */
    ScriptedAgent hanging(String id) {
        ScriptedAgent a = new ScriptedAgent(id, List.of("hang"), t -> new CompletableFuture<>());
        agents.register(a);
        return a;
    }

    WorkflowDefinition define(String yaml) {
        try {
            return engine.saveDefinition((ObjectNode) DefinitionRepository.readDocument(yaml, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WorkflowRun execute(String workflowId, String inputs) throws Exception {
        return engine.execute(workflowId, json(inputs), "test").get(20, TimeUnit.SECONDS);
    }

    String start(String workflowId, String inputs) {
        return engine.start(workflowId, json(inputs), "test");
    }

    WorkflowRun await(String runId) throws Exception {
        return engine.completion(runId).get(20, TimeUnit.SECONDS);
    }

    Optional<StepRecord> step(String runId, String key) {
        return engine.run(runId).orElseThrow().steps().stream().filter(s -> s.stepKey().equals(key)).findFirst();
    }

    /** Waits (real time, bounded) until a step record has the status. */
    void awaitStep(String runId, String key, StepStatus status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> step(runId, key).map(s -> s.status() == status).orElse(false));
    }

    /** Waits until {@code n} timers are pending, so that advancing the clock fires them. */
    void awaitTimers(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.pendingCount() >= n);
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        scheduler.close();
        pool.shutdownNow();
    }
}
