package dev.alexos.core.internal.agent;

import dev.alexos.core.AgentContext;

/** Makes the {@link AgentContext} an agent is started with. */
@FunctionalInterface
public interface AgentContextFactory {

    /**
     * @param agentId the agent being started
     * @param module the module that registered it (its topic prefix)
     * @throws IllegalStateException when the runtime cannot give contexts yet (not started)
     */
    AgentContext create(String agentId, String module);
}
