package dev.alexos.server.internal.metrics;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A registry holding agent snapshots and answering tasks with a function, for the metrics tests:
 * what the host reads from a registry is all it sees of the modules.
 */
final class StubAgents implements AgentRegistry {
    final Map<String, AgentInfo> infos = new ConcurrentHashMap<>();
    final Map<String, Function<Task, TaskResult>> handlers = new ConcurrentHashMap<>();
    final AtomicInteger sent = new AtomicInteger();

    @Override
    public AgentInfo register(Agent agent) {
        throw new UnsupportedOperationException("not used by the metrics");
    }

    @Override
    public boolean unregister(String agentId) {
        return infos.remove(agentId) != null;
    }

    @Override
    public Optional<AgentInfo> find(String agentId) {
        return Optional.ofNullable(infos.get(agentId));
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        return Optional.empty();
    }

    @Override
    public List<AgentInfo> list() {
        return List.copyOf(infos.values());
    }

    @Override
    public List<AgentInfo> withCapability(String capability) {
        return list().stream().filter(i -> i.descriptor().capabilities().contains(capability)).toList();
    }

    @Override
    public CompletableFuture<TaskResult> send(String agentId, Task task) {
        sent.incrementAndGet();
        Function<Task, TaskResult> h = handlers.get(agentId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownAgentException(agentId));
        }
        return CompletableFuture.supplyAsync(() -> h.apply(task));
    }
}
