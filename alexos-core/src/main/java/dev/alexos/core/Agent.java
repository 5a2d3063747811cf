package dev.alexos.core;

import java.util.concurrent.CompletableFuture;

/**
 * The one thing ALEX OS manages: a system agent, a framework agent, an AI agent, a remote
 * agent or a user's own.
 *
 * <p>Lifecycle: the {@link AgentRegistry} calls {@link #start(AgentContext)} once before the
 * agent is listed as running and {@link #stop()} once when it is removed or the runtime
 * stops. An agent may be started again after it was stopped (with a fresh context).
 * Implementations must not block in {@code start} for longer than their own set-up; long
 * work goes to {@link AgentContext#scheduler()}.
 *
 * <pre>{@code
 * final class PingAgent implements Agent {
 *   public AgentDescriptor descriptor() {
 *     return AgentDescriptor.builder("ping-1", "Ping", "custom").capability("ping").build();
 *   }
 *   public CompletableFuture<TaskResult> handle(Task task) {
 *     return CompletableFuture.completedFuture(TaskResult.success(task.params()));
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@link #health()}, {@link #descriptor()} and {@link #handle(Task)} may be
 * called from any thread, concurrently.
 */
public interface Agent {

    /** Identity of this agent. Must return the same id for the agent's whole life. */
    AgentDescriptor descriptor();

    /**
     * Starts the agent. Called once per run by the registry.
     *
     * @throws Exception when the agent cannot start; the registry records the agent as
     *     {@link AgentState#FAILED} with the exception's message and does not call {@link #stop()}
     */
    default void start(AgentContext context) throws Exception {
    }

    /** Stops the agent and releases what it holds. Must not throw; must be idempotent. */
    default void stop() {
    }

    /** The agent's current health. Cheap: called by health endpoints and the dashboard. */
    default Health health() {
        return Health.healthy();
    }

    /**
     * Handles a task asynchronously. Cancelling the returned future must reach the work
     * (interrupt it, or stop at the next step).
     *
     * @return the result; a failure of the task itself is a {@link TaskResult#failure failed
     *     result}, not an exceptionally completed future. The future completes exceptionally
     *     with {@link UnsupportedTaskException} when the agent has no such action.
     */
    default CompletableFuture<TaskResult> handle(Task task) {
        return CompletableFuture.failedFuture(new UnsupportedTaskException(descriptor().id(), task.action()));
    }
}
