package dev.alexos.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Everything an agent is given. No statics, no globals: an agent that only uses its context
 * can be run alone with the testkit.
 *
 * <p>Thread-safe; the objects it returns are shared with the rest of the runtime.
 */
public interface AgentContext {

    /** The agent's own id. */
    String agentId();

    /** The topic prefix of the agent's module, e.g. {@code watchtower}. Events go under {@code <module>.*}. */
    String module();

    EventBus eventBus();

    Ledger ledger();

    /** The time source. Tests drive it; agents never call {@code Instant.now()} directly. */
    Clock clock();

    /** This agent's (or its module's) configuration section. */
    ConfigSection config();

    /** Runs periodic and delayed work. Follows {@link #clock()} (virtual in tests). */
    Scheduler scheduler();

    /** A directory private to this agent or module, created on demand. */
    Path dataDirectory();

    /** The registry, to route tasks to other agents. */
    AgentRegistry agents();

    /**
     * Publishes {@code <module>.<eventType>} with this agent as source.
     *
     * @return the published event (with its sequence number)
     */
    default Event publish(String eventType, ObjectNode data) {
        return eventBus().publish(module() + "." + eventType, agentId(), data);
    }
}
