package dev.alexos.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * A unit of work sent to an agent through {@link AgentRegistry#send} or {@link Agent#handle}.
 *
 * @param id unique id of this task (for logs, ledger entries and cancellation)
 * @param action what to do, e.g. {@code container.restart}, {@code chat}, {@code process}
 * @param params the action's parameters as a JSON object (never null)
 * @param requestedBy who asked: a user name, {@code workflow:<run id>}, an agent id
 * @param timeout how long the caller will wait; {@code null} for the agent's default
 */
public record Task(String id, String action, ObjectNode params, String requestedBy, Duration timeout) {

    public Task {
        Objects.requireNonNull(action, "action");
        id = id == null ? UUID.randomUUID().toString() : id;
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
        requestedBy = requestedBy == null ? "system" : requestedBy;
    }

    /** A task with a random id, no timeout, requested by {@code system}. */
    public static Task of(String action, ObjectNode params) {
        return new Task(null, action, params, null, null);
    }

    /** A copy requested by someone else. */
    public Task requestedBy(String who) {
        return new Task(id, action, params, who, timeout);
    }

    /** A copy with a timeout. */
    public Task withTimeout(Duration newTimeout) {
        return new Task(id, action, params, requestedBy, newTimeout);
    }

    /** A text parameter, or {@code null}. */
    public String param(String name) {
        var node = params.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }
}
