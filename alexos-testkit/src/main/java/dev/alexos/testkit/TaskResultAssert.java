package dev.alexos.testkit;

import dev.alexos.core.TaskResult;
import dev.alexos.testkit.internal.JsonMatch;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link TaskResult}.
 *
 * <pre>{@code
 * assertThat(kit.call("check")).succeeded().hasOutput("endpoints.0.up", true);
 * }</pre>
 */
public final class TaskResultAssert extends AbstractAssert<TaskResultAssert, TaskResult> {

    TaskResultAssert(TaskResult actual) {
        super(actual, TaskResultAssert.class);
    }

    /** The task succeeded. */
    public TaskResultAssert succeeded() {
        return hasStatus(TaskResult.Status.SUCCEEDED);
    }

    /** The task failed (for any reason). */
    public TaskResultAssert failed() {
        return hasStatus(TaskResult.Status.FAILED);
    }

    /** The task failed with an error message containing {@code text}. */
    public TaskResultAssert failedWith(String text) {
        failed();
        if (actual.error() == null || !actual.error().contains(text)) {
            failWithMessage("Expected the task to fail with an error containing <%s> but the error was <%s>", text,
                    actual.error());
        }
        return this;
    }

    /** The task was cancelled. */
    public TaskResultAssert wasCancelled() {
        return hasStatus(TaskResult.Status.CANCELLED);
    }

    /** The output field at the dotted {@code path} equals {@code expected} (numbers by value). */
    public TaskResultAssert hasOutput(String path, Object expected) {
        isNotNull();
        var node = JsonMatch.at(actual.output(), path);
        if (!JsonMatch.matches(node, expected)) {
            failWithMessage("Expected output %s = <%s> but it was <%s>; output: %s", path, expected,
                    node.isMissingNode() ? "(missing)" : node, actual.output());
        }
        return this;
    }

    private TaskResultAssert hasStatus(TaskResult.Status status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected the task to have %s but it %s%s; output: %s", status.wireName(),
                    actual.status().wireName(), actual.error() == null ? "" : " with error <" + actual.error() + ">",
                    actual.output());
        }
        return this;
    }
}
