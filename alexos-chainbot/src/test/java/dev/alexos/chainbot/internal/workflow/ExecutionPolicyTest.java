package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.TaskResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutionPolicyTest extends EngineTest {

    @Override
    void configure(Harness harness) {
        harness.maxRuns = 2;
    }

    @Test
    void continuePolicyLetsTheRunGoOn() throws Exception {
        h.agents.register(new ScriptedAgent("bad", List.of(), t -> CompletableFuture.completedFuture(TaskResult.failure("nope"))));
        h.define("""
                id: w
                steps:
                  - {id: a, type: agent_task, config: {agent: bad, action: x}, on_failure: {action: continue}}
                  - {id: b, type: transform, config: {value: "${steps.a.status}: ${steps.a.error}"}}
                """);
        WorkflowRun r = h.execute("w", "{}");
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.result().get("b").asText()).isEqualTo("failed: agent 'bad' action 'x' failed: nope");
        assertThat(h.step(r.id(), "a").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void retriesWithExponentialBackoffOnTheVirtualClock() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedAgent flaky = new ScriptedAgent("flaky", List.of(), t -> CompletableFuture.completedFuture(
                calls.incrementAndGet() < 3 ? TaskResult.failure("busy") : TaskResult.success(t.params())));
        h.agents.register(flaky);
        h.define("""
                id: w
                steps:
                  - id: a
                    type: agent_task
                    config: {agent: flaky, action: x, params: {ok: true}}
                    on_failure: {action: retry, max_retries: 3, backoff: 10s, max_backoff: 1m, jitter: 0.5}
                """);
        String id = h.start("w", "{}");
        h.awaitStep(id, "a", StepStatus.WAITING);
        h.awaitTimers(1);
        assertThat(calls.get()).isEqualTo(1);
        h.advance(Duration.ofSeconds(9));
        assertThat(calls.get()).isEqualTo(1);
        h.advance(Duration.ofSeconds(1));
        await().until(() -> calls.get() == 2);
        // second backoff doubles: 20 s
        await().until(() -> h.scheduler.pendingCount() >= 1 && h.step(id, "a").orElseThrow().attempts() == 2
                && h.step(id, "a").orElseThrow().status() == StepStatus.WAITING);
        h.advance(Duration.ofSeconds(19));
        assertThat(calls.get()).isEqualTo(2);
        h.advance(Duration.ofSeconds(1));
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        StepRecord rec = h.step(id, "a").orElseThrow();
        assertThat(rec.attempts()).isEqualTo(3);
        assertThat(h.bus.events("chainbot.step_failed")).hasSize(2)
                .allSatisfy(e -> assertThat(e.data().get("will_retry").asBoolean()).isTrue());
    }

    @Test
    void backoffHasJitterAndACap() {
        var d = new DefinitionParser().parse(Harness.json("""
                {"id": "w", "steps": [{"id": "a", "type": "transform", "config": {"value": 1},
                  "on_failure": {"action": "retry", "max_retries": 9, "backoff": "1s", "max_backoff": "5s", "jitter": 0.5}}]}"""));
        var step = d.steps().get(0);
        java.util.function.DoubleSupplier[] rnd = {() -> 0.0};
        EngineServices sv = new EngineServices(null, null, null, h.clock, h.scheduler, null, "x", () -> rnd[0].getAsDouble());
        RunExecution ex = new RunExecution(sv, null, "r", d, null, null, "t", h.clock.instant(), 0, 0, null);
        assertThat(ex.backoff(step, 1)).isEqualTo(Duration.ofMillis(500));
        rnd[0] = () -> 0.999999;
        assertThat(ex.backoff(step, 2).toMillis()).isBetween(2990L, 3000L);
        rnd[0] = () -> 0.5;
        assertThat(ex.backoff(step, 3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(ex.backoff(step, 8)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void stepTimeoutFailsTheStepAndCancelsTheAgentsWork() throws Exception {
        ScriptedAgent slow = h.hanging("slow");
        h.define("""
                id: w
                steps:
                  - {id: a, type: agent_task, config: {agent: slow, action: x}, timeout: 30s}
                """);
        String id = h.start("w", "{}");
        await().until(() -> slow.tasks.size() == 1);
        h.awaitTimers(1);
        h.advance(Duration.ofSeconds(29));
        assertThat(slow.futures.get(0)).isNotDone();
        h.advance(Duration.ofSeconds(1));
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).isEqualTo("step 'a' failed: step 'a' timed out after 30s");
        assertThat(slow.futures.get(0)).isCancelled();
    }

    @Test
    void runTimeoutStopsTheRun() throws Exception {
        h.define("""
                id: w
                timeout: 1m
                steps:
                  - {id: nap, type: wait, config: {duration: 5m}}
                """);
        String id = h.start("w", "{}");
        h.awaitStep(id, "nap", StepStatus.WAITING);
        h.awaitTimers(2);
        h.advance(Duration.ofMinutes(1));
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).isEqualTo("run timed out after 60s");
        assertThat(h.step(id, "nap").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
    }

    @Test
    void cancellationReachesTheRunningStep() throws Exception {
        ScriptedAgent slow = h.hanging("slow");
        h.define("""
                id: w
                steps:
                  - {id: a, type: agent_task, config: {agent: slow, action: x}}
                  - {id: b, type: agent_task, config: {agent: echo-1, action: y}}
                """);
        String id = h.start("w", "{}");
        await().until(() -> slow.tasks.size() == 1);
        assertThat(h.engine.cancel(id, "changed my mind")).isTrue();
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.error()).isEqualTo("changed my mind");
        assertThat(slow.futures.get(0)).isCancelled();
        assertThat(echo.tasks).isEmpty();
        assertThat(h.engine.cancel(id, "again")).isFalse();
    }

    @Test
    void concurrentRunsAreBoundedAndTheRestQueue() throws Exception {
        h.define("""
                id: w
                steps:
                  - {id: nap, type: wait, config: {duration: 10s}}
                """);
        List<String> ids = List.of(h.start("w", "{}"), h.start("w", "{}"), h.start("w", "{}"), h.start("w", "{}"));
        h.awaitTimers(2);
        assertThat(h.engine.stats().get("active").asInt()).isEqualTo(2);
        assertThat(h.engine.stats().get("queued").asInt()).isEqualTo(2);
        assertThat(h.engine.run(ids.get(3)).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        h.advance(Duration.ofSeconds(10));
        h.awaitTimers(2);
        h.advance(Duration.ofSeconds(10));
        for (String id : ids) {
            assertThat(h.await(id).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    @Test
    void cancellingAQueuedRunEndsItWithoutRunningAStep() throws Exception {
        h.define("""
                id: w
                steps:
                  - {id: nap, type: wait, config: {duration: 10s}}
                  - {id: after, type: agent_task, config: {agent: echo-1, action: after}}
                """);
        String a = h.start("w", "{}");
        String b = h.start("w", "{}");
        String queued = h.start("w", "{}");
        h.awaitTimers(2);
        assertThat(h.engine.run(queued).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        assertThat(h.engine.cancel(queued, "not needed")).isTrue();
        WorkflowRun r = h.await(queued);
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.error()).isEqualTo("not needed");
        assertThat(h.engine.run(queued).orElseThrow().steps()).isEmpty();
        assertThat(h.engine.stats().get("queued").asInt()).isZero();
        h.advance(Duration.ofSeconds(10));
        assertThat(h.await(a).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.await(b).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(echo.tasks).hasSize(2);
    }

    @Test
    void nestedParallelInLoopInParallel() throws Exception {
        h.define("""
                id: nested
                steps:
                  - id: outer
                    type: parallel
                    config: {max_concurrency: 2}
                    steps:
                      - id: rows
                        type: for_each
                        config: {items: [1, 2, 3], concurrency: 2}
                        steps:
                          - id: inner
                            type: parallel
                            steps:
                              - {id: x, type: agent_task, config: {agent: echo-1, action: x, params: {v: "${item}"}}}
                              - {id: nap, type: wait, config: {duration: 1s}}
                              - {id: y, type: transform, config: {value: "${index}"}}
                      - {id: side, type: agent_task, config: {agent: echo-1, action: side}}
                output: "${steps.outer.output}"
                """);
        String id = h.start("nested", "{}");
        for (int i = 0; i < 2; i++) {
            h.awaitTimers(1);
            h.advance(Duration.ofSeconds(1));
        }
        await().until(() -> h.engine.run(id).orElseThrow().status() == RunStatus.COMPLETED || (h.scheduler.pendingCount() > 0 && advance()));
        WorkflowRun r = h.await(id);
        assertThat(r.error()).isNull();
        assertThat(r.result().get("rows").toString())
                .isEqualTo("[{\"x\":{\"v\":1},\"nap\":{\"waited_ms\":1000},\"y\":0},{\"x\":{\"v\":2},\"nap\":{\"waited_ms\":1000},\"y\":1},"
                        + "{\"x\":{\"v\":3},\"nap\":{\"waited_ms\":1000},\"y\":2}]");
        assertThat(echo.tasks).hasSize(4);
        assertThat(h.step(id, "outer/rows[2]/inner/x")).isPresent();
    }

    private boolean advance() {
        h.advance(Duration.ofSeconds(1));
        return false;
    }
}
