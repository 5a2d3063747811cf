package dev.alexos.testkit.internal;

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

/** The {@link AgentContext} the test kit gives an agent: the kit's parts, the agent's module. */
public record KitAgentContext(String agentId, String module, EventBus eventBus, Ledger ledger, Clock clock,
        ConfigSection config, Scheduler scheduler, Path dataRoot, AgentRegistry agents) implements AgentContext {

    /** {@code <data root>/<module>}, created on first use. */
    @Override
    public Path dataDirectory() {
        Path dir = dataRoot.resolve(module);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir + " of agent '" + agentId + "'", e);
        }
    }
}
