package dev.alexos.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentState;
import dev.alexos.core.Health;
import dev.alexos.core.internal.event.DefaultEventBus;
import dev.alexos.core.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Module events published on a real bus become update, workflow, step and LLM metrics. */
class ModuleMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StubAgents agents = new StubAgents();
    private DefaultEventBus bus;
    private ModuleMetrics metrics;

    @BeforeEach
    void setUp() {
        bus = new DefaultEventBus(Clock.systemUTC(), 100);
        metrics = new ModuleMetrics(registry, agents);
        metrics.bind(bus);
    }

    @AfterEach
    void tearDown() {
        metrics.close();
        bus.close();
        registry.close();
    }

    @Test
    void imageUpdatesAreCountedByOutcomeAndEndpointAndTimed() {
        bus.publish("watchtower.update_applied", "watchtower", update("applied", 1500));
        bus.publish("watchtower.update_applied", "watchtower", update("applied", 500));
        bus.publish("watchtower.update_rolled_back", "watchtower", update("rolled_back", 3000));
        bus.publish("watchtower.update_failed", "watchtower", update("failed", 10));
        bus.publish("watchtower.update_detected", "watchtower", update("applied", 1));

        await().atMost(10, TimeUnit.SECONDS).until(() -> count("alexos_image_updates", "outcome", "failed") == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("alexos_image_updates", "outcome", "applied") == 2);
        assertThat(count("alexos_image_updates", "outcome", "rolled_back")).isEqualTo(1);
        assertThat(registry.get("alexos_image_updates").tag("outcome", "applied").counter().getId().getTag("endpoint"))
                .isEqualTo("local");
        Timer applied = registry.get("alexos_image_update_duration").tag("outcome", "applied").timer();
        assertThat(applied.count()).isEqualTo(2);
        assertThat(applied.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        assertThat(registry.scrape()).contains("alexos_image_updates_total{endpoint=\"local\",outcome=\"applied\"} 2.0");
    }

    @Test
    void workflowRunsAreCountedAndTimedByWorkflowAndOutcome() {
        bus.publish("chainbot.workflow_executed", "chainbot", run("wf-a", "completed", 250));
        bus.publish("chainbot.workflow_executed", "chainbot", run("wf-a", "completed", 750));
        bus.publish("chainbot.workflow_execution_failed", "chainbot", run("wf-a", "failed", 100));
        bus.publish("chainbot.workflow_execution_failed", "chainbot", run("wf-b", "cancelled", 60_000));

        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_workflow_runs")
                .tags("workflow", "wf-b", "outcome", "cancelled").counter() != null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_workflow_runs")
                .tags("workflow", "wf-a", "outcome", "failed").counter() != null);
        assertThat(registry.get("alexos_workflow_runs").tags("workflow", "wf-a", "outcome", "completed").counter().count())
                .isEqualTo(2);
        Timer t = registry.get("alexos_workflow_run_duration").tags("workflow", "wf-a", "outcome", "completed").timer();
        assertThat(t.count()).isEqualTo(2);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
        assertThat(t.max(TimeUnit.MILLISECONDS)).isEqualTo(750);
    }

    @Test
    void stepsAreCountedByTypeAndOutcomeAndTheirDurationsGoToAHistogram() {
        bus.publish("chainbot.step_completed", "chainbot", step("transform", 20).put("attempts", 1));
        bus.publish("chainbot.step_completed", "chainbot", step("agent", 2500).put("attempts", 1));
        bus.publish("chainbot.step_failed", "chainbot", step("http", -1).put("will_retry", true));
        bus.publish("chainbot.step_failed", "chainbot", step("http", -1).put("will_retry", false));

        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_workflow_steps")
                .tags("type", "http", "outcome", "failed").counter() != null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_workflow_steps")
                .tags("type", "agent", "outcome", "completed").counter() != null);
        assertThat(registry.get("alexos_workflow_steps").tags("type", "http", "outcome", "retried").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("alexos_workflow_step_duration").tags("type", "agent", "outcome", "completed").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2500);
        // a failed step event without a duration is counted, not timed as zero
        assertThat(registry.find("alexos_workflow_step_duration").tags("type", "http").timer()).isNull();
        String text = registry.scrape();
        assertThat(text).contains("alexos_workflow_step_duration_seconds_bucket{outcome=\"completed\",type=\"transform\",le=\"0.05\"} 1");
        assertThat(text).contains("alexos_workflow_step_duration_seconds_bucket{outcome=\"completed\",type=\"agent\",le=\"1.0\"} 0");
        assertThat(text).contains("alexos_workflow_step_duration_seconds_bucket{outcome=\"completed\",type=\"agent\",le=\"5.0\"} 1");
    }

    @Test
    void llmCallsAndTokensAreLabelledWithTheAgentsProviderAndModel() {
        agents.infos.put("writer", ai("writer", "openai", "gpt-4o-mini"));
        bus.publish("chainbot.llm_completed", "chainbot", llm("writer", "gpt-4o-mini-2024", 1200, 30, 12));
        bus.publish("chainbot.llm_completed", "chainbot", llm("writer", "gpt-4o-mini-2024", 800, 20, 8));
        bus.publish("chainbot.llm_failed", "chainbot", Json.object().put("agent_id", "writer").put("task_id", "t-9")
                .put("kind", "timeout").put("error", "no answer"));
        bus.publish("chainbot.llm_failed", "chainbot", Json.object().put("agent_id", "gone").put("kind", "rate_limited"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_llm_calls")
                .tags("provider", "unknown", "outcome", "rate_limited").counter() != null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_llm_calls")
                .tags("provider", "openai", "model", "gpt-4o-mini", "outcome", "timeout").counter() != null);
        assertThat(registry.get("alexos_llm_calls").tags("provider", "openai", "model", "gpt-4o-mini-2024",
                "outcome", "success").counter().count()).isEqualTo(2);
        assertThat(tokens("prompt")).isEqualTo(50);
        assertThat(tokens("completion")).isEqualTo(20);
        assertThat(registry.get("alexos_llm_call_duration").tags("provider", "openai", "outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        assertThat(registry.scrape()).contains(
                "alexos_llm_tokens_total{kind=\"prompt\",model=\"gpt-4o-mini-2024\",provider=\"openai\"} 50.0");
    }

    @Test
    void aBadEventFieldFallsBackInsteadOfBreakingTheListener() {
        bus.publish("chainbot.workflow_executed", "chainbot", Json.object().put("workflow_id", 42).put("duration_ms", "x"));
        bus.publish("chainbot.workflow_executed", "chainbot", run("ok", "completed", 5));

        await().atMost(10, TimeUnit.SECONDS).until(() -> registry.find("alexos_workflow_runs")
                .tags("workflow", "ok").counter() != null);
        assertThat(registry.get("alexos_workflow_runs").tags("workflow", "unknown", "outcome", "completed").counter()
                .count()).isEqualTo(1);
        assertThat(registry.find("alexos_workflow_run_duration").tags("workflow", "unknown").timer()).isNull();
    }

    private double count(String name, String tag, String value) {
        Counter c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    private double tokens(String kind) {
        return registry.get("alexos_llm_tokens").tags("provider", "openai", "kind", kind).counter().count();
    }

    private static ObjectNode update(String outcome, long ms) {
        return Json.object().put("id", "u-1").put("container_name", "web").put("outcome", outcome)
                .put("endpoint", "local").put("duration_ms", ms);
    }

    private static ObjectNode run(String workflow, String status, long ms) {
        return Json.object().put("execution_id", "run-1").put("workflow_id", workflow).put("status", status)
                .put("duration_ms", ms);
    }

    private static ObjectNode step(String type, long ms) {
        ObjectNode n = Json.object().put("execution_id", "run-1").put("workflow_id", "wf").put("step_id", "s")
                .put("step_key", "s").put("type", type);
        if (ms >= 0) {
            n.put("duration_ms", ms);
        }
        return n;
    }

    private static ObjectNode llm(String agent, String model, long ms, int prompt, int completion) {
        ObjectNode n = Json.object().put("agent_id", agent).put("task_id", "t-1").put("model", model).put("duration_ms", ms);
        n.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return n;
    }

    static AgentInfo ai(String id, String provider, String model) {
        AgentDescriptor d = AgentDescriptor.builder(id, id, "chatgpt").source("ai").capability("chat")
                .metadata("provider", provider).metadata("model", model).build();
        return new AgentInfo(d, AgentState.RUNNING, Health.healthy(), Instant.EPOCH, Instant.EPOCH, null);
    }
}
