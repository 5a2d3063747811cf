package dev.alexos.core.internal.runtime;

import dev.alexos.core.AgentContext;
import dev.alexos.core.Scheduler;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.internal.agent.DefaultAgentRegistry;
import dev.alexos.core.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The services one runtime shares with its modules and agents. The event bus and the ledger
 * are set when the runtime starts; asking for an agent context before that is an error.
 * Thread-safe.
 */
public final class RuntimeServices {
    private final AlexOsConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Path dataDirectory;
    private final DefaultAgentRegistry registry;
    private volatile EventBus eventBus;
    private volatile Ledger ledger;

    public RuntimeServices(AlexOsConfig config, Clock clock, Scheduler scheduler, Path dataDirectory) {
        this.config = config;
        this.clock = clock;
        this.scheduler = scheduler;
        this.dataDirectory = dataDirectory;
        this.registry = new DefaultAgentRegistry(clock, scheduler, this::agentContext);
    }

    /** Sets the bus and the ledger, once the runtime has opened them. */
    public void open(EventBus bus, Ledger openedLedger) {
        this.eventBus = bus;
        this.ledger = openedLedger;
    }

    /**
     * A context for an agent of a module: topic prefix and config section of the module, data
     * directory {@code <data>/<module>/agents/<agent id>}.
     *
     * @throws IllegalStateException before the runtime has started
     */
    public AgentContext agentContext(String agentId, String module) {
        EventBus bus = eventBus;
        if (bus == null) {
            throw new IllegalStateException("the runtime is not started: register agent '" + agentId
                    + "' after AlexOs.start(), or pass it to AlexOs.builder().agent(...)");
        }
        Path dir = dataDirectory.resolve(module).resolve("agents").resolve(DefaultAgentContext.safeName(agentId));
        return new DefaultAgentContext(agentId, module, bus, ledger, clock, config.section(module), scheduler, dir,
                registry);
    }

    public AlexOsConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public DefaultAgentRegistry registry() {
        return registry;
    }

    /** The bus, or {@code null} before start. */
    public EventBus eventBus() {
        return eventBus;
    }

    /** The ledger, or {@code null} before start. */
    public Ledger ledger() {
        return ledger;
    }
}
