package dev.alexos.core.internal.runtime;

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

/**
 * The context of one agent: the runtime's shared services, its module's topic prefix and
 * configuration section, and a data directory of its own, created on first use. Events it
 * publishes go under {@code <module>.*} with the agent as source. Immutable, thread-safe.
 */
public record DefaultAgentContext(
        String agentId, String module, EventBus eventBus, Ledger ledger, Clock clock, ConfigSection config,
        Scheduler scheduler, Path agentDirectory, AgentRegistry agents) implements AgentContext {

    @Override
    public Path dataDirectory() {
        try {
            return Files.createDirectories(agentDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + agentDirectory + " of agent '"
                    + agentId + "'", e);
        }
    }

    /** A file-system-safe directory name for an agent id (ids may hold ':' or '/'). */
    static String safeName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
