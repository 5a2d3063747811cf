package dev.alexos.chainbot.internal;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code chainbot-001}, the seed's "ChainBot Orchestrator": the module as an agent. Its health is
 * the module's; it answers {@code status} with the same document as {@code GET /api/chainbot/status}.
 */
public final class ChainBotSystemAgent implements Agent {
    public static final String ID = "chainbot-001";
    private static final AgentDescriptor DESCRIPTOR = AgentDescriptor.builder(ID, "ChainBot Orchestrator", "system")
            .source("system").capability("status").capability("orchestration").metadata("module", "chainbot").build();
    private final Supplier<Health> health;
    private final Supplier<Map<String, Object>> status;

    public ChainBotSystemAgent(Supplier<Health> health, Supplier<Map<String, Object>> status) {
        this.health = health;
        this.status = status;
    }

    @Override
    public AgentDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Health health() {
        return health.get();
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        if (task.action().equals("status")) {
            return CompletableFuture.completedFuture(TaskResult.success(Json.mapper().valueToTree(status.get())));
        }
        return Agent.super.handle(task);
    }
}
