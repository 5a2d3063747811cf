package dev.alexos.chainbot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.AgentInfo;
import java.util.List;
import java.util.Map;

/**
 * Spawns, lists and stops ALEX OS framework agents. Spawned agents are registered in the shared
 * {@link dev.alexos.core.AgentRegistry} (source {@code framework}), remembered in ChainBot's
 * database and spawned again when the module starts. Thread-safe.
 */
public interface AgentSpawner {

    /**
     * Spawns an agent.
     *
     * @param type a registered {@link FrameworkAgentType#type()}
     * @param id the id to use, or {@code null} for a generated one
     * @param name display name, or {@code null}
     * @param config type-specific settings
     * @return the registered agent's snapshot
     * @throws IllegalArgumentException unknown type or invalid configuration (the message names the field)
     * @throws IllegalStateException the id is taken
     */
    AgentInfo spawn(String type, String id, String name, ObjectNode config);

    /** Stops and forgets a spawned agent; false when no spawned agent has that id. */
    boolean stop(String id);

    /** Snapshots of the spawned agents, in spawn order. */
    List<AgentInfo> list();

    /** Whether the id belongs to a spawned agent. */
    boolean isSpawned(String id);

    /** The spec a spawned agent was made from. */
    java.util.Optional<FrameworkAgentSpec> spec(String id);

    /** Type name → description of every type that can be spawned. */
    Map<String, String> types();

    /**
     * Adds a type.
     *
     * @throws IllegalStateException when a type of that name exists
     */
    void registerType(FrameworkAgentType type);
}
