package dev.alexos.core;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle state of a registered agent, as tracked by the {@link AgentRegistry}. */
public enum AgentState {
    /** Registered, not yet started. */
    CREATED,
    /** {@link Agent#start} is running. */
    STARTING,
    /** Started and accepting tasks. */
    RUNNING,
    /** {@link Agent#stop} is running. */
    STOPPING,
    /** Stopped; may be started again. */
    STOPPED,
    /** {@link Agent#start} threw; see {@link AgentInfo#error()}. */
    FAILED;

    /** Lower-case name used in JSON ({@code running}, {@code stopped}, ...). */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
