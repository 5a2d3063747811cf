package dev.alexos.watchtower.testing;

import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** An agent context over test doubles: capturing bus, memory ledger, the given scheduler. */
public final class TestContext implements AgentContext {
    private final String agentId;
    private final CapturingEventBus bus;
    private final Ledger ledger;
    private final Clock clock;
    private final Scheduler scheduler;
    private final ConfigSection config;

    public TestContext(String agentId, CapturingEventBus bus, Ledger ledger, Clock clock, Scheduler scheduler) {
        this.agentId = agentId;
        this.bus = bus;
        this.ledger = ledger;
        this.clock = clock;
        this.scheduler = scheduler;
        this.config = new MapConfig("watchtower", Map.of());
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public String module() {
        return "watchtower";
    }

    @Override
    public EventBus eventBus() {
        return bus;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ConfigSection config() {
        return config;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Path dataDirectory() {
        throw new UnsupportedOperationException("watchtower keeps no files");
    }

    @Override
    public AgentRegistry agents() {
        throw new UnsupportedOperationException("not needed by watchtower's tests");
    }
}
