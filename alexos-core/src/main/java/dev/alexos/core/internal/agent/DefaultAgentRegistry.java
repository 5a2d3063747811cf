package dev.alexos.core.internal.agent;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AgentState;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Health;
import dev.alexos.core.Scheduler;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link AgentRegistry}: starts agents on registration with a context made for
 * their module, records a start failure as {@link AgentState#FAILED}, routes tasks with the
 * task's timeout enforced through the {@link Scheduler} and cancellation passed on to the
 * agent's work, and keeps {@code lastActive} up to date.
 *
 * <p>Thread-safe. Agents are started and stopped outside the registry's lock, so a slow
 * {@code start} does not block listing or routing to other agents.
 */
public final class DefaultAgentRegistry implements AgentRegistry, AutoCloseable {
    /** Module of agents registered without one (programmatically, by the embedding application). */
    public static final String DEFAULT_MODULE = "app";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAgentRegistry.class);

    private final Clock clock;
    private final Scheduler scheduler;
    private final AgentContextFactory contexts;
    private final Object lock = new Object();
    private final Map<String, Entry> agents = new LinkedHashMap<>();

    public DefaultAgentRegistry(Clock clock, Scheduler scheduler, AgentContextFactory contexts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    public AgentInfo register(Agent agent) {
        return register(agent, DEFAULT_MODULE);
    }

    /**
     * Registers and starts an agent on behalf of a module (whose topic prefix its context uses).
     *
     * @throws IllegalStateException when the id is taken, or no context can be made yet
     */
    public AgentInfo register(Agent agent, String module) {
        Objects.requireNonNull(agent, "agent");
        AgentDescriptor descriptor = Objects.requireNonNull(agent.descriptor(), "agent.descriptor()");
        String id = descriptor.id();
        AgentContext context = contexts.create(id, module);
        Entry entry = new Entry(agent, descriptor, module, clock.instant());
        synchronized (lock) {
            if (agents.containsKey(id)) {
                throw new IllegalStateException("agent id '" + id + "' is already registered (module "
                        + agents.get(id).module + ")");
            }
            agents.put(id, entry);
        }
        entry.state = AgentState.STARTING;
        try {
            agent.start(context);
            entry.state = AgentState.RUNNING;
            entry.error = null;
        } catch (Exception | LinkageError e) {
            entry.state = AgentState.FAILED;
            entry.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("agent '{}' of module '{}' failed to start: {}", id, module, entry.error, e);
        }
        entry.touch(clock);
        boolean removedMeanwhile;
        synchronized (lock) {
            removedMeanwhile = agents.get(id) != entry;
        }
        if (removedMeanwhile) {
            // unregister() ran while start() did and skipped stop(): stop it now, nobody else will.
            stop(entry);
        }
        return entry.snapshot();
    }

    @Override
    public boolean unregister(String agentId) {
        Entry entry;
        synchronized (lock) {
            entry = agents.remove(agentId);
        }
        if (entry == null) {
            return false;
        }
        stop(entry);
        return true;
    }

    private void stop(Entry entry) {
        if (entry.state != AgentState.RUNNING) {
            return;
        }
        entry.state = AgentState.STOPPING;
        try {
            entry.agent.stop();
        } catch (RuntimeException e) {
            LOG.warn("agent '{}' threw while stopping", entry.descriptor.id(), e);
        }
        entry.state = AgentState.STOPPED;
        entry.touch(clock);
    }

    @Override
    public Optional<AgentInfo> find(String agentId) {
        return entry(agentId).map(Entry::snapshot);
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        return entry(agentId).map(e -> e.agent);
    }

    /** The module that registered an agent. */
    public Optional<String> moduleOf(String agentId) {
        return entry(agentId).map(e -> e.module);
    }

    @Override
    public List<AgentInfo> list() {
        return entries().stream().map(Entry::snapshot).toList();
    }

    @Override
    public List<AgentInfo> withCapability(String capability) {
        return entries().stream().filter(e -> e.descriptor.capabilities().contains(capability))
                .map(Entry::snapshot).toList();
    }

    @Override
    public CompletableFuture<TaskResult> send(String agentId, Task task) {
        Objects.requireNonNull(task, "task");
        Entry entry = entry(agentId).orElse(null);
        if (entry == null) {
            return CompletableFuture.failedFuture(new UnknownAgentException(agentId));
        }
        if (entry.state != AgentState.RUNNING) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "agent '" + agentId + "' is not running (state: " + entry.state.wireName() + ")"));
        }
        entry.touch(clock);
        CompletableFuture<TaskResult> work;
        try {
            work = entry.agent.handle(task);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (work == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "agent '" + agentId + "' returned no future for action '" + task.action() + "'"));
        }
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        work.whenComplete((r, e) -> {
            entry.touch(clock);
            if (e != null) {
                result.completeExceptionally(unwrap(e));
            } else {
                result.complete(r);
            }
        });
        if (task.timeout() != null) {
            Cancellable timer = scheduler.schedule(task.timeout(), () -> result.completeExceptionally(
                    new TimeoutException("agent '" + agentId + "' did not finish task " + task.id() + " (action '"
                            + task.action() + "') within " + task.timeout().toMillis() + " ms")));
            result.whenComplete((r, e) -> timer.cancel());
        }
        // Cancellation, and a timeout, must reach the agent's work.
        result.whenComplete((r, e) -> {
            if (e != null && !work.isDone()) {
                work.cancel(true);
            }
        });
        return result;
    }

    /** Stops every agent, newest first, and empties the registry. */
    @Override
    public void close() {
        List<Entry> all;
        synchronized (lock) {
            all = new ArrayList<>(agents.values());
            agents.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            stop(all.get(i));
        }
    }

    private Optional<Entry> entry(String agentId) {
        synchronized (lock) {
            return Optional.ofNullable(agents.get(agentId));
        }
    }

    private List<Entry> entries() {
        synchronized (lock) {
            return new ArrayList<>(agents.values());
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** One registered agent and what the registry knows about it. */
    private static final class Entry {
        final Agent agent;
        final AgentDescriptor descriptor;
        final String module;
        final Instant registeredAt;
        volatile AgentState state = AgentState.CREATED;
        volatile Instant lastActive;
        volatile String error;

        Entry(Agent agent, AgentDescriptor descriptor, String module, Instant registeredAt) {
            this.agent = agent;
            this.descriptor = descriptor;
            this.module = module;
            this.registeredAt = registeredAt;
            this.lastActive = registeredAt;
        }

        void touch(Clock clock) {
            lastActive = clock.instant();
        }

        AgentInfo snapshot() {
            AgentState s = state;
            return new AgentInfo(descriptor, s, health(s), registeredAt, lastActive, error);
        }

        private Health health(AgentState s) {
            return switch (s) {
                case RUNNING -> {
                    try {
                        Health h = agent.health();
                        yield h == null ? Health.healthy() : h;
                    } catch (RuntimeException e) {
                        yield Health.unhealthy("health check failed: " + e.getMessage());
                    }
                }
                case FAILED -> Health.unhealthy("failed to start: " + error);
                case CREATED, STARTING -> Health.degraded("starting");
                case STOPPING, STOPPED -> Health.unhealthy("stopped");
            };
        }
    }
}
