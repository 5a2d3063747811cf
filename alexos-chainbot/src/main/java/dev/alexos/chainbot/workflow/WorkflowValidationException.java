package dev.alexos.chainbot.workflow;

/**
 * A definition or inputs that do not validate. The message names the step and the field, e.g.
 * {@code steps[2] (restart).config.agent: required for agent_task}.
 */
public class WorkflowValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public WorkflowValidationException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** The offending field path. */
    public String field() {
        return field;
    }
}
