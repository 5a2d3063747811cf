package dev.alexos.chainbot.workflow;

/** Thrown when a workflow id or an execution id does not exist. */
public class UnknownWorkflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String id;

    public UnknownWorkflowException(String kind, String id) {
        super(kind + " '" + id + "' does not exist");
        this.kind = kind;
        this.id = id;
    }

    /** {@code workflow} or {@code execution}. */
    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
