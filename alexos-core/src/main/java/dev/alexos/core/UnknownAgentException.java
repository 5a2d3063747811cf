package dev.alexos.core;

/** Thrown when a task is routed to an agent id that is not registered. */
public final class UnknownAgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String agentId;

    public UnknownAgentException(String agentId) {
        super("agent '" + agentId + "' does not exist");
        this.agentId = agentId;
    }

    public String agentId() {
        return agentId;
    }
}
