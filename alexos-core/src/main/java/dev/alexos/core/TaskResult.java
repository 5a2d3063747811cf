package dev.alexos.core;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Locale;
import java.util.Objects;

/**
 * Outcome of a {@link Task}.
 *
 * @param status how it ended
 * @param output the result as JSON ({@link NullNode} when there is none)
 * @param error what went wrong, for {@link Status#FAILED} and {@link Status#CANCELLED};
 *     never a stack trace, never a secret
 */
public record TaskResult(Status status, JsonNode output, String error) {

    /** How a task ended. */
    public enum Status {
        SUCCEEDED, FAILED, CANCELLED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TaskResult {
        Objects.requireNonNull(status, "status");
        output = output == null ? NullNode.getInstance() : output;
    }

    public static TaskResult success(JsonNode output) {
        return new TaskResult(Status.SUCCEEDED, output, null);
    }

    public static TaskResult failure(String error) {
        return new TaskResult(Status.FAILED, NullNode.getInstance(), error);
    }

    public static TaskResult cancelled(String reason) {
        return new TaskResult(Status.CANCELLED, NullNode.getInstance(), reason);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
