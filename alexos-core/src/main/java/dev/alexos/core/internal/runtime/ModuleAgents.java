package dev.alexos.core.internal.runtime;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.internal.agent.DefaultAgentRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The shared registry as one module sees it: agents it registers get contexts under the
 * module's topic prefix, and are remembered so that stopping the module removes them.
 * Everything else goes to the shared registry. Thread-safe.
 */
final class ModuleAgents implements AgentRegistry {
    private final DefaultAgentRegistry registry;
    private final String moduleId;
    private final List<String> own = new ArrayList<>();

    ModuleAgents(DefaultAgentRegistry registry, String moduleId) {
        this.registry = registry;
        this.moduleId = moduleId;
    }

    @Override
    public AgentInfo register(Agent agent) {
        AgentInfo info = registry.register(agent, moduleId);
        synchronized (own) {
            own.add(info.id());
        }
        return info;
    }

    @Override
    public boolean unregister(String agentId) {
        synchronized (own) {
            own.remove(agentId);
        }
        return registry.unregister(agentId);
    }

    /** Stops and removes this module's agents, newest first. */
    void unregisterAll() {
        List<String> ids;
        synchronized (own) {
            ids = new ArrayList<>(own);
            own.clear();
        }
        for (int i = ids.size() - 1; i >= 0; i--) {
            registry.unregister(ids.get(i));
        }
    }

    @Override
    public Optional<AgentInfo> find(String agentId) {
        return registry.find(agentId);
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        return registry.agent(agentId);
    }

    @Override
    public List<AgentInfo> list() {
        return registry.list();
    }

    @Override
    public List<AgentInfo> withCapability(String capability) {
        return registry.withCapability(capability);
    }

    @Override
    public CompletableFuture<TaskResult> send(String agentId, Task task) {
        return registry.send(agentId, task);
    }
}
