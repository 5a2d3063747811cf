package dev.alexos.core;

/** Thrown (as the cause of a failed future) when an agent has no handler for a task's action. */
public final class UnsupportedTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String agentId;
    private final String action;

    public UnsupportedTaskException(String agentId, String action) {
        super("agent '" + agentId + "' does not handle action '" + action + "'");
        this.agentId = agentId;
        this.action = action;
    }

    public String agentId() {
        return agentId;
    }

    public String action() {
        return action;
    }
}
