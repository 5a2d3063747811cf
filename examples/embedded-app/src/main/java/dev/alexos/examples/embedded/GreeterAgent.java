package dev.alexos.examples.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's own agent: answers {@code greet} tasks, publishes an event for each and
 * records it in the ledger. Thread-safe.
 */
public final class GreeterAgent implements Agent {
    private final AtomicLong greeted = new AtomicLong();
    private volatile AgentContext context;

    @Override
    public AgentDescriptor descriptor() {
        return AgentDescriptor.builder("greeter-1", "Greeter", "custom").capability("greet").build();
    }

    @Override
    public void start(AgentContext ctx) {
        this.context = ctx;
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        if (!task.action().equals("greet")) {
            return Agent.super.handle(task);
        }
        String name = task.param("name");
        if (name == null || name.isBlank()) {
            return CompletableFuture.completedFuture(TaskResult.failure("params.name: required"));
        }
        long n = greeted.incrementAndGet();
        ObjectNode out = Json.object().put("greeting", "Hello, " + name + "!").put("count", n);
        AgentContext ctx = context;
        ctx.publish("greeted", out.deepCopy());
        // the future completes once the ledger entry is durable
        return ctx.ledger().append("app.greeted", Map.of("name", name, "count", n))
                .thenApply(entry -> TaskResult.success(out.put("ledger_seq", entry.seq())));
    }
}
