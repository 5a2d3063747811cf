package dev.alexos.server.internal.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Module activity metrics derived from the events the modules already publish, so that plugins
 * need no Micrometer dependency: image updates (Watchtower), workflow runs and step durations
 * (ChainBot), LLM calls and tokens (ChainBot AI agents).
 *
 * <p>Listens through bounded {@link OverflowPolicy#DROP_OLDEST} subscriptions: a slow registry
 * never slows the bus; what was dropped is itself counted ({@code alexos_metrics_events_dropped_total}).
 */
final class ModuleMetrics implements AutoCloseable {
    /** The exact topics listened to: one subscription each, so streamed-token storms never crowd them out. */
    static final List<String> UPDATES = List.of("watchtower.update_applied", "watchtower.update_rolled_back",
            "watchtower.update_failed", "watchtower.update_checked");
    static final List<String> WORKFLOWS = List.of("chainbot.workflow_executed", "chainbot.workflow_execution_failed");
    static final List<String> STEPS = List.of("chainbot.step_completed", "chainbot.step_failed");
    static final List<String> LLM = List.of("chainbot.llm_completed", "chainbot.llm_failed");
    private static final int QUEUE = 1024;
    /** Step-duration buckets: from fast transforms to long waits and agent calls. */
    private static final Duration[] STEP_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofMinutes(5)};
    private static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final AgentRegistry agents;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    ModuleMetrics(MeterRegistry registry, AgentRegistry agents) {
        this.registry = registry;
        this.agents = agents;
    }

    /** Subscribes to the module events. */
    void bind(EventBus bus) {
        listen(bus, UPDATES, this::onUpdate);
        listen(bus, WORKFLOWS, this::onWorkflow);
        listen(bus, STEPS, this::onStep);
        listen(bus, LLM, this::onLlm);
        FunctionCounter.builder("alexos_metrics_events_dropped", subscriptions,
                        subs -> subs.stream().mapToLong(s -> s.stats().dropped()).sum())
                .description("Events the metrics listeners dropped because their queue was full").register(registry);
    }

    private void listen(EventBus bus, List<String> topics, EventListener listener) {
        for (String topic : topics) {
            subscriptions.add(bus.subscribe(topic, listener,
                    SubscribeOptions.of("metrics-" + topic, QUEUE, OverflowPolicy.DROP_OLDEST)));
        }
    }

    void onUpdate(Event e) {
        JsonNode d = e.data();
        String outcome = text(d, "outcome", switch (e.type()) {
            case "update_applied" -> "applied";
            case "update_rolled_back" -> "rolled_back";
            case "update_checked" -> "up_to_date";
            default -> "failed";
        });
        String endpoint = text(d, "endpoint", UNKNOWN);
        Counter.builder("alexos_image_updates").tag("outcome", outcome).tag("endpoint", endpoint)
                .description("Image update attempts by outcome (applied, rolled_back, failed, up_to_date)")
                .register(registry).increment();
        duration(d).ifPresent(t -> Timer.builder("alexos_image_update_duration").tag("outcome", outcome)
                .description("Time one image update attempt took").register(registry).record(t));
    }

    void onWorkflow(Event e) {
        JsonNode d = e.data();
        String workflow = text(d, "workflow_id", UNKNOWN);
        String outcome = text(d, "status", e.type().equals("workflow_executed") ? "completed" : "failed");
        Counter.builder("alexos_workflow_runs").tag("workflow", workflow).tag("outcome", outcome)
                .description("Finished workflow runs by workflow and outcome").register(registry).increment();
        duration(d).ifPresent(t -> Timer.builder("alexos_workflow_run_duration").tag("workflow", workflow)
                .tag("outcome", outcome).description("Workflow run duration").register(registry).record(t));
    }

    void onStep(Event e) {
        JsonNode d = e.data();
        String type = text(d, "type", UNKNOWN);
        // a failed attempt that will be retried is not the step's outcome yet
        String outcome = e.type().equals("step_completed") ? "completed"
                : d.path("will_retry").asBoolean(false) ? "retried" : "failed";
        Counter.builder("alexos_workflow_steps").tag("type", type).tag("outcome", outcome)
                .description("Workflow step attempts by step type and outcome (retried: failed, tried again)")
                .register(registry).increment();
        if (!outcome.equals("retried")) {
            duration(d).ifPresent(t -> Timer.builder("alexos_workflow_step_duration").tag("type", type)
                    .tag("outcome", outcome).serviceLevelObjectives(STEP_BUCKETS)
                    .description("Workflow step duration (all attempts) by step type and outcome")
                    .register(registry).record(t));
        }
    }

    void onLlm(Event e) {
        JsonNode d = e.data();
        String agentId = text(d, "agent_id", null);
        Optional<AgentInfo> agent = agentId == null ? Optional.empty() : agents.find(agentId);
        String provider = agent.map(a -> a.descriptor().metadata().get("provider")).map(Object::toString).orElse(UNKNOWN);
        String configured = agent.map(a -> a.descriptor().metadata().get("model")).map(Object::toString).orElse(UNKNOWN);
        String model = text(d, "model", configured);
        boolean ok = e.type().equals("llm_completed");
        String outcome = ok ? "success" : text(d, "kind", "error");
        Counter.builder("alexos_llm_calls").tag("provider", provider).tag("model", model).tag("outcome", outcome)
                .description("LLM calls by provider, model and outcome (success or the failure kind)")
                .register(registry).increment();
        duration(d).ifPresent(t -> Timer.builder("alexos_llm_call_duration").tag("provider", provider).tag("model", model)
                .tag("outcome", ok ? "success" : "failure").description("LLM call duration, tool rounds included")
                .register(registry).record(t));
        JsonNode usage = d.path("usage");
        if (ok && usage.isObject()) {
            tokens(provider, model, "prompt", usage.path("prompt_tokens").asLong(0));
            tokens(provider, model, "completion", usage.path("completion_tokens").asLong(0));
        }
    }

    private void tokens(String provider, String model, String kind, long n) {
        Counter c = Counter.builder("alexos_llm_tokens").tag("provider", provider).tag("model", model).tag("kind", kind)
                .description("LLM tokens by provider, model and kind (prompt, completion)").register(registry);
        if (n > 0) {
            c.increment(n);
        }
    }

    private static Optional<Duration> duration(JsonNode d) {
        JsonNode ms = d.get("duration_ms");
        return ms != null && ms.canConvertToLong() && ms.asLong() >= 0 ? Optional.of(Duration.ofMillis(ms.asLong()))
                : Optional.empty();
    }

    private static String text(JsonNode d, String field, String fallback) {
        JsonNode v = d.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : fallback;
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
        subscriptions.clear();
    }
}
