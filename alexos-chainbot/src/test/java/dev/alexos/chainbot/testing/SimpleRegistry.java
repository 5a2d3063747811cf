package dev.alexos.chainbot.testing;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AgentState;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A test-only registry: starts agents with a context, tracks state, routes tasks. */
public final class SimpleRegistry implements AgentRegistry {
    private final Clock clock;
    private Function<String, AgentContext> contexts;
    private final Map<String, Entry> agents = new LinkedHashMap<>();

    private static final class Entry {
        final Agent agent;
        AgentState state = AgentState.CREATED;
        String error;
        final Instant registeredAt;
        Instant lastActive;

        Entry(Agent agent, Instant at) {
            this.agent = agent;
            this.registeredAt = at;
            this.lastActive = at;
        }
    }

    public SimpleRegistry(Clock clock) {
        this.clock = clock;
    }

    public void contexts(Function<String, AgentContext> contexts) {
        this.contexts = contexts;
    }

    @Override
    public AgentInfo register(Agent agent) {
        String id = agent.descriptor().id();
        Entry e;
        synchronized (this) {
            if (agents.containsKey(id)) {
                throw new IllegalStateException("agent '" + id + "' is already registered");
            }
            e = new Entry(agent, clock.instant());
            agents.put(id, e);
        }
        try {
            agent.start(contexts.apply(id));
            e.state = AgentState.RUNNING;
        } catch (Exception ex) {
            e.state = AgentState.FAILED;
            e.error = ex.getMessage();
        }
        return info(e);
    }

    @Override
    public boolean unregister(String agentId) {
        Entry e;
        synchronized (this) {
            e = agents.remove(agentId);
        }
        if (e == null) {
            return false;
        }
        e.agent.stop();
        return true;
    }

    private AgentInfo info(Entry e) {
        Health h;
        try {
            h = e.agent.health();
        } catch (RuntimeException ex) {
            h = Health.unhealthy(ex.getMessage());
        }
        return new AgentInfo(e.agent.descriptor(), e.state, h, e.registeredAt, e.lastActive, e.error);
    }

    @Override
    public synchronized Optional<AgentInfo> find(String agentId) {
        return Optional.ofNullable(agents.get(agentId)).map(this::info);
    }

    @Override
    public synchronized Optional<Agent> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId)).map(e -> e.agent);
    }

    @Override
    public synchronized List<AgentInfo> list() {
        List<AgentInfo> out = new ArrayList<>();
        agents.values().forEach(e -> out.add(info(e)));
        return out;
    }

    @Override
    public synchronized List<AgentInfo> withCapability(String capability) {
        return list().stream().filter(i -> i.descriptor().capabilities().contains(capability)).toList();
    }

    @Override
    public CompletableFuture<TaskResult> send(String agentId, Task task) {
        Entry e;
        synchronized (this) {
            e = agents.get(agentId);
        }
        if (e == null) {
            return CompletableFuture.failedFuture(new UnknownAgentException(agentId));
        }
        if (e.state != AgentState.RUNNING) {
            return CompletableFuture.failedFuture(new IllegalStateException("agent '" + agentId + "' is not running"));
        }
        e.lastActive = clock.instant();
        try {
            return e.agent.handle(task);
        } catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }
}
