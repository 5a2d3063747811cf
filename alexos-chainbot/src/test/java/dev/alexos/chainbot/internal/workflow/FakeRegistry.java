package dev.alexos.chainbot.internal.workflow;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AgentState;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory registry routing tasks straight to {@link Agent#handle}. Thread-safe. */
final class FakeRegistry implements AgentRegistry {
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();

    @Override
    public AgentInfo register(Agent agent) {
        if (agents.putIfAbsent(agent.descriptor().id(), agent) != null) {
            throw new IllegalStateException("taken: " + agent.descriptor().id());
        }
        return info(agent);
    }

    @Override
    public boolean unregister(String agentId) {
        return agents.remove(agentId) != null;
    }

    @Override
    public Optional<AgentInfo> find(String agentId) {
        return Optional.ofNullable(agents.get(agentId)).map(FakeRegistry::info);
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    @Override
    public List<AgentInfo> list() {
        return agents.values().stream().map(FakeRegistry::info).toList();
    }

    @Override
    public List<AgentInfo> withCapability(String capability) {
        return agents.values().stream().filter(a -> a.descriptor().capabilities().contains(capability))
                .map(FakeRegistry::info).toList();
    }

    @Override
    public CompletableFuture<TaskResult> send(String agentId, Task task) {
        Agent a = agents.get(agentId);
        if (a == null) {
            return CompletableFuture.failedFuture(new UnknownAgentException(agentId));
        }
        return a.handle(task);
    }

    private static AgentInfo info(Agent a) {
        return new AgentInfo(a.descriptor(), AgentState.RUNNING, a.health(), Instant.EPOCH, Instant.EPOCH, null);
    }
}
