package dev.alexos.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Every agent of every module, in one place. Lists them for the combined Agents view and
 * routes tasks to them by id, so that a workflow step reaches any agent without HTTP.
 *
 * <p>Thread-safe. Registering an agent starts it (with an {@link AgentContext} built for it);
 * unregistering stops it. Ids are unique: registering a second agent with a taken id throws
 * {@link IllegalStateException}.
 */
public interface AgentRegistry {

    /**
     * Adds and starts an agent. If {@code start} throws, the agent stays listed as
     * {@link AgentState#FAILED} with the reason, and this method returns normally.
     *
     * @return the snapshot after starting
     * @throws IllegalStateException when the id is already registered
     */
    AgentInfo register(Agent agent);

    /** Stops and removes an agent. Returns false when there was no such agent. */
    boolean unregister(String agentId);

    /** A snapshot of one agent. */
    Optional<AgentInfo> find(String agentId);

    /** The agent object itself, for callers that need its own API. */
    Optional<Agent> agent(String agentId);

    /** Snapshots of all agents, in registration order. */
    List<AgentInfo> list();

    /** Agents offering a capability, in registration order. */
    List<AgentInfo> withCapability(String capability);

    /**
     * Sends a task to an agent. The future fails with {@link UnknownAgentException} when the
     * id is unknown, with {@link IllegalStateException} when the agent is not running, and
     * with {@link UnsupportedTaskException} when the agent does not handle the action.
     * Cancelling the future cancels the agent's work. A {@link Task#timeout()} is enforced:
     * the future then fails with {@link java.util.concurrent.TimeoutException}.
     */
    CompletableFuture<TaskResult> send(String agentId, Task task);
}
