package dev.alexos.testkit;

import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * An {@link AgentContext} over parts a test chooses, for running an agent outside
 * {@link AgentTestKit}: for example against real Docker engines on a wall-clock scheduler in an
 * integration test, with a {@link CapturingEventBus} and a {@link CapturingLedger} to assert on.
 *
 * <pre>{@code
 * Clock clock = Clock.systemUTC();
 * AgentContext ctx = new TestAgentContext("watchtower-001", "watchtower", new CapturingEventBus(clock),
 *         new CapturingLedger(clock), clock, AlexOsConfig.empty().section("watchtower"), scheduler, null, null);
 * }</pre>
 *
 * <p>Immutable; thread-safe as far as its parts are.
 *
 * @param agentId the agent's id
 * @param module the topic prefix of the agent's module
 * @param eventBus where {@link #publish} goes
 * @param ledger the ledger
 * @param clock the time source
 * @param config the agent's configuration section
 * @param scheduler the scheduler
 * @param dataDirectory the agent's data directory, created on first use; {@code null} when the
 *     agent under test keeps no files ({@link #dataDirectory()} then fails)
 * @param agents the registry; {@code null} when the agent under test routes no tasks
 *     ({@link #agents()} then fails)
 */
public record TestAgentContext(String agentId, String module, EventBus eventBus, Ledger ledger, Clock clock,
        ConfigSection config, Scheduler scheduler, Path dataDirectory, AgentRegistry agents) implements AgentContext {

    public TestAgentContext {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(eventBus, "eventBus");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * The data directory, created.
     *
     * @throws UnsupportedOperationException when the context was made without one
     * @throws UncheckedIOException when it cannot be created
     */
    @Override
    public Path dataDirectory() {
        if (dataDirectory == null) {
            throw new UnsupportedOperationException("agent '" + agentId + "' was given no data directory in this test");
        }
        try {
            return Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory + " of agent '" + agentId
                    + "'", e);
        }
    }

    /**
     * The registry.
     *
     * @throws UnsupportedOperationException when the context was made without one
     */
    @Override
    public AgentRegistry agents() {
        if (agents == null) {
            throw new UnsupportedOperationException("agent '" + agentId + "' was given no agent registry in this test");
        }
        return agents;
    }
}
