package dev.alexos.core;

import java.time.Instant;

/**
 * A snapshot of a registered agent, as listed by {@link AgentRegistry#list()}.
 *
 * @param descriptor the agent's identity
 * @param state lifecycle state
 * @param health health at the time of the snapshot
 * @param registeredAt when it entered the registry
 * @param lastActive when it last started, handled a task or changed state
 * @param error why it failed to start, or {@code null}
 */
public record AgentInfo(
        AgentDescriptor descriptor, AgentState state, Health health, Instant registeredAt, Instant lastActive,
        String error) {

    public String id() {
        return descriptor.id();
    }

    /**
     * The status shown to users: {@code not_configured} when the agent says so, otherwise the
     * lifecycle state ({@code running}, {@code stopped}, ...).
     */
    public String status() {
        return health.status() == Health.Status.NOT_CONFIGURED && state == AgentState.RUNNING
                ? Health.Status.NOT_CONFIGURED.wireName()
                : state.wireName();
    }
}
