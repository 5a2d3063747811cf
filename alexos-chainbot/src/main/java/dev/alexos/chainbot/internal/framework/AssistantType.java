package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code assistant}: answers {@code chat} tasks through an AI agent, adding its own
 * instructions. Config: {@code ai_agent} (default: the first AI agent), {@code instructions}.
 */
public final class AssistantType implements FrameworkAgentType {
    private final AgentRegistry registry;
    private final Supplier<List<String>> aiAgentIds;

    public AssistantType(AgentRegistry registry, Supplier<List<String>> aiAgentIds) {
        this.registry = registry;
        this.aiAgentIds = aiAgentIds;
    }

    @Override
    public String type() {
        return "assistant";
    }

    @Override
    public String description() {
        return "answers chat messages through an AI agent, with its own instructions";
    }

    @Override
    public Agent create(FrameworkAgentSpec spec) {
        List<String> ai = aiAgentIds.get();
        String aiAgent = Configs.optionalText(spec.config(), "ai_agent", ai.isEmpty() ? null : ai.get(0));
        if (aiAgent == null) {
            throw new IllegalArgumentException("config.ai_agent: required (no AI agent is defined)");
        }
        if (!ai.contains(aiAgent)) {
            throw new IllegalArgumentException("config.ai_agent: '" + aiAgent + "' is not an AI agent, expected one of " + ai);
        }
        return new Assistant(spec.id(), aiAgent, Configs.optionalText(spec.config(), "instructions", null), registry);
    }

    /** The assistant agent itself. */
    static final class Assistant implements Agent {
        private final String id;
        private final String aiAgent;
        private final String instructions;
        private final AgentRegistry registry;

        Assistant(String id, String aiAgent, String instructions, AgentRegistry registry) {
            this.id = id;
            this.aiAgent = aiAgent;
            this.instructions = instructions;
            this.registry = registry;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, id, "assistant").capability("chat").capability("assistant")
                    .metadata("ai_agent", aiAgent).build();
        }

        @Override
        public void start(AgentContext context) {
            // stateless: everything goes through the registry
        }

        @Override
        public Health health() {
            return registry.find(aiAgent).map(i -> i.health().status() == Health.Status.NOT_CONFIGURED
                    ? Health.notConfigured("its AI agent '" + aiAgent + "' is not configured")
                    : Health.healthy()).orElse(Health.degraded("its AI agent '" + aiAgent + "' is not registered"));
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            if (!task.action().equals("chat")) {
                return Agent.super.handle(task);
            }
            ObjectNode params = task.params().deepCopy();
            if (instructions != null && !instructions.isBlank()) {
                String system = params.path("system").asText("");
                params.put("system", system.isBlank() ? instructions : instructions + "\n\n" + system);
            }
            return registry.send(aiAgent, new Task(null, "chat", params, "agent:" + id, task.timeout()))
                    .handle((r, e) -> e == null ? r : TaskResult.failure("assistant '" + id + "': " + Failures.message(e)));
        }
    }
}
