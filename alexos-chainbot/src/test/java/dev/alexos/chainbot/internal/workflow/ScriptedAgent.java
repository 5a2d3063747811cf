package dev.alexos.chainbot.internal.workflow;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test agent whose answers are given by a function; it records every task and every returned future. */
final class ScriptedAgent implements Agent {
    final List<Task> tasks = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<TaskResult>> futures = new CopyOnWriteArrayList<>();
    private final AgentDescriptor descriptor;
    private final Function<Task, CompletableFuture<TaskResult>> behaviour;

    ScriptedAgent(String id, List<String> capabilities, Function<Task, CompletableFuture<TaskResult>> behaviour) {
        this.descriptor = AgentDescriptor.builder(id, id, "test").capabilities(capabilities).build();
        this.behaviour = behaviour;
    }

    @Override
    public AgentDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        tasks.add(task);
        CompletableFuture<TaskResult> f = behaviour.apply(task);
        futures.add(f);
        return f;
    }
}
