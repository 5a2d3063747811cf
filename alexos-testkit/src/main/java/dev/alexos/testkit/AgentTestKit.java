package dev.alexos.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AgentState;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.event.Event;
import dev.alexos.core.internal.agent.DefaultAgentRegistry;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.internal.Files2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one agent alone, in a test, with every outside part replaced by a controllable one: a
 * {@link CapturingEventBus} that keeps every event, a {@link CapturingLedger} that keeps every
 * entry and verifies like the real one, a {@link VirtualClock} that a {@link VirtualScheduler}
 * follows, configuration given inline, a temporary data directory, and work that runs
 * synchronously. Agents are registered in the runtime's own registry implementation, so
 * start-up failures, task timeouts and cancellation behave as they do in production.
 *
 * <pre>{@code
 * try (AgentTestKit kit = AgentTestKit.builder().module("httpcheck")
 *         .config(Map.of("endpoints", List.of(url), "interval", "30s")).build()) {
 *   kit.start(new HttpCheckAgent());
 *   kit.advance(Duration.ofSeconds(30));
 *   assertThat(kit.events()).containsTopic("httpcheck.endpoint_down");
 *   assertThat(kit.call("status")).succeeded();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops every agent, deletes the data directory it created, and fails
 * (with an {@link AssertionError}) when a scheduled task or an event listener threw while the
 * test ran, unless built with {@link Builder#failOnBackgroundErrors(boolean) failOnBackgroundErrors(false)}.
 *
 * <p>Thread-safe like its parts; a test normally drives it from one thread.
 */
public final class AgentTestKit implements AutoCloseable {
    private final String module;
    private final VirtualClock clock;
    private final VirtualScheduler scheduler;
    private final CapturingEventBus bus;
    private final CapturingLedger ledger;
    private final ConfigSection config;
    private final Path dataRoot;
    private final boolean ownsDataRoot;
    private final boolean failOnBackgroundErrors;
    private final Duration waitLimit;
    private final boolean inline;
    private final DefaultAgentRegistry registry;
    private volatile String agentUnderTest;
    private boolean closed;

    private AgentTestKit(Builder b) {
        this.module = b.module;
        this.clock = VirtualClock.at(b.start);
        this.scheduler = new VirtualScheduler(clock, b.executor == null ? Runnable::run : b.executor);
        this.bus = new CapturingEventBus(clock);
        this.ledger = new CapturingLedger(clock);
        this.config = AlexOsConfig.of(Map.of(module, b.config)).section(module);
        this.failOnBackgroundErrors = b.failOnBackgroundErrors;
        this.waitLimit = b.waitLimit;
        this.inline = b.executor == null;
        try {
            this.ownsDataRoot = b.dataDirectory == null;
            this.dataRoot = b.dataDirectory == null ? Files.createTempDirectory("alexos-testkit-")
                    : Files.createDirectories(b.dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test data directory", e);
        }
        this.registry = new DefaultAgentRegistry(clock, scheduler, this::contextFor);
    }

    /** A kit with module {@code custom}, no configuration, time at {@link VirtualClock#DEFAULT_START}. */
    public static AgentTestKit create() {
        return builder().build();
    }

    /** Starts configuring a kit. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers and starts the agent under test (the target of {@link #send(Task)} and {@link #call}).
     *
     * @throws AssertionError when the agent failed to start, with its reason
     * @throws IllegalStateException when its id is already registered
     */
    public AgentInfo start(Agent agent) {
        AgentInfo info = register(agent);
        agentUnderTest = info.id();
        if (info.state() == AgentState.FAILED) {
            throw new AssertionError("agent '" + info.id() + "' failed to start: " + info.error());
        }
        return info;
    }

    /** Registers and starts a helper agent under the kit's module; a start failure is only recorded. */
    public AgentInfo register(Agent agent) {
        return registry.register(agent, module);
    }

    /** Registers and starts a helper agent on behalf of another module (its topic prefix). */
    public AgentInfo register(Agent agent, String agentModule) {
        return registry.register(agent, agentModule);
    }

    /** Stops and removes the agent under test. Returns false when none is registered. */
    public boolean stop() {
        String id = agentUnderTest;
        return id != null && registry.unregister(id);
    }

    /** The agent under test's registry snapshot. */
    public AgentInfo info() {
        return registry.find(requireAgent()).orElseThrow(() -> new IllegalStateException(
                "agent '" + agentUnderTest + "' is no longer registered"));
    }

    /** Sends a task to the agent under test through the registry (timeouts follow the virtual clock). */
    public CompletableFuture<TaskResult> send(Task task) {
        return registry.send(requireAgent(), task);
    }

    /** Sends a task to any registered agent. */
    public CompletableFuture<TaskResult> send(String agentId, Task task) {
        return registry.send(agentId, task);
    }

    /** {@link #call(Task)} with an action and no parameters. */
    public TaskResult call(String action) {
        return call(Task.of(action, Json.object()));
    }

    /** {@link #call(Task)} with an action and parameters. */
    public TaskResult call(String action, ObjectNode params) {
        return call(Task.of(action, params));
    }

    /**
     * Sends a task to the agent under test, runs work that is due now, and returns its result.
     * With the default inline executor the result is there at once; with another executor
     * this waits up to the builder's {@code waitLimit} (real time).
     *
     * @throws AssertionError when the task did not finish (for example it waits on virtual time
     *     that was not advanced: use {@link #send(Task)} and {@link #advance(Duration)}), or
     *     failed with an exception instead of a result
     */
    public TaskResult call(Task task) {
        CompletableFuture<TaskResult> f = send(task);
        clock.runDue();
        try {
            // Inline work is finished by now: waiting longer could only be waiting on virtual time.
            if (!f.isDone() && inline) {
                throw new TimeoutException();
            }
            return f.isDone() ? f.get() : f.get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("task '" + task.action() + "' sent to agent '" + agentUnderTest
                    + "' did not complete; if it waits on scheduled work, send() it and advance the virtual clock"
                    + " (now " + clock.instant() + ", next scheduled work " + scheduler.nextDue() + ")");
        } catch (ExecutionException e) {
            throw new AssertionError("task '" + task.action() + "' failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for task '" + task.action() + "'", e);
        }
    }

    /** Publishes an event as {@code source} {@code test}, as another module would. */
    public Event publish(String topic, ObjectNode data) {
        return bus.publish(topic, "test", data);
    }

    /** Moves virtual time forward, firing scheduled work on the way (see {@link VirtualClock#advance}). */
    public void advance(Duration amount) {
        clock.advance(amount);
    }

    /** A context like the one an agent of the kit's module gets, for agents started by hand. */
    public AgentContext contextFor(String agentId) {
        return contextFor(agentId, module);
    }

    private AgentContext contextFor(String agentId, String agentModule) {
        return new TestAgentContext(agentId, agentModule, bus, ledger, clock, config, scheduler, dataRoot.resolve(agentModule),
                registry);
    }

    private String requireAgent() {
        String id = agentUnderTest;
        if (id == null) {
            throw new IllegalStateException("no agent under test: call start(agent) first");
        }
        return id;
    }

    /** The module whose topic prefix agents of this kit use. */
    public String module() {
        return module;
    }

    /** The id of the agent under test, or null before {@link #start}. */
    public String agentId() {
        return agentUnderTest;
    }

    public VirtualClock clock() {
        return clock;
    }

    public VirtualScheduler scheduler() {
        return scheduler;
    }

    /** The bus with every event published so far. */
    public CapturingEventBus events() {
        return bus;
    }

    /** The ledger with every entry appended so far. */
    public CapturingLedger ledger() {
        return ledger;
    }

    /** The configuration section agents are given (path = the module). */
    public ConfigSection config() {
        return config;
    }

    /** The data root; agents get {@code <root>/<module>}. */
    public Path dataDirectory() {
        return dataRoot;
    }

    /** The registry the agents live in. */
    public AgentRegistry agents() {
        return registry;
    }

    /** Failures of scheduled tasks and event listeners so far, oldest first within each kind. */
    public List<Throwable> backgroundFailures() {
        List<Throwable> all = new ArrayList<>(scheduler.failures());
        all.addAll(bus.listenerFailures());
        return all;
    }

    /**
     * Stops every agent, closes the bus, ledger and scheduler, and deletes the data directory
     * the kit created. Idempotent.
     *
     * @throws AssertionError when background work failed (see the class doc)
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        registry.close();
        scheduler.close();
        bus.close();
        ledger.close();
        if (ownsDataRoot) {
            try {
                Files2.deleteTree(dataRoot);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the test data directory " + dataRoot, e);
            }
        }
        List<Throwable> failures = backgroundFailures();
        if (failOnBackgroundErrors && !failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size()
                    + " background failure(s) (scheduled tasks or event listeners threw); first: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Configures an {@link AgentTestKit}. Not thread-safe. */
    public static final class Builder {
        private String module = "custom";
        private Map<String, Object> config = Map.of();
        private java.time.Instant start = VirtualClock.DEFAULT_START;
        private Path dataDirectory;
        private java.util.concurrent.Executor executor;
        private boolean failOnBackgroundErrors = true;
        private Duration waitLimit = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The module (topic prefix, configuration section) agents belong to; default {@code custom}. */
        public Builder module(String id) {
            if (id == null || !id.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("module must be lower-case letters, digits or '_', was '" + id + "'");
            }
            this.module = id;
            return this;
        }

        /** The module's configuration section as plain data (nested maps, lists, scalars). */
        public Builder config(Map<String, ?> values) {
            this.config = Map.copyOf(Objects.requireNonNull(values, "config"));
            return this;
        }

        /** Where virtual time starts. */
        public Builder startAt(java.time.Instant instant) {
            this.start = Objects.requireNonNull(instant, "start");
            return this;
        }

        /** A data root to use (kept on close) instead of a temporary one (deleted on close). */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** Where the scheduler's blocking work runs; default inline, in the calling thread. */
        public Builder executor(java.util.concurrent.Executor value) {
            this.executor = value;
            return this;
        }

        /** Whether {@link AgentTestKit#close()} fails on background failures; default true. */
        public Builder failOnBackgroundErrors(boolean value) {
            this.failOnBackgroundErrors = value;
            return this;
        }

        /** How long {@link AgentTestKit#call(Task)} waits in real time with a non-inline executor; default 10 s. */
        public Builder waitLimit(Duration value) {
            this.waitLimit = Objects.requireNonNull(value, "waitLimit");
            return this;
        }

        public AgentTestKit build() {
            return new AgentTestKit(this);
        }
    }
}
