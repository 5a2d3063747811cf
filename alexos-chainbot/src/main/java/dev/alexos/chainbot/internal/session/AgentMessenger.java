package dev.alexos.chainbot.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Sends tasks to agents for sessions and entanglements, with a timeout that follows the
 * {@link Scheduler} (virtual in tests). Its futures never fail: every outcome is a
 * {@link TaskResult}, a timeout being a failed result whose output has {@code error_kind: timeout}.
 */
public final class AgentMessenger {
    private final AgentRegistry registry;
    private final Scheduler scheduler;

    public AgentMessenger(AgentRegistry registry, Scheduler scheduler) {
        this.registry = registry;
        this.scheduler = scheduler;
    }

    public CompletableFuture<TaskResult> send(String agentId, Task task, Duration timeout) {
        CompletableFuture<TaskResult> out = new CompletableFuture<>();
        CompletableFuture<TaskResult> sent;
        try {
            sent = registry.send(agentId, task.withTimeout(timeout));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TaskResult> call = sent;
        Cancellable timer = scheduler.schedule(timeout, () -> {
            if (out.complete(new TaskResult(TaskResult.Status.FAILED, Json.object().put("error_kind", "timeout"),
                    "agent '" + agentId + "' did not answer within " + timeout.toMillis() + " ms"))) {
                call.cancel(true);
            }
        });
        call.whenComplete((r, e) -> {
            timer.cancel();
            out.complete(e == null ? r : asResult(agentId, e));
        });
        return out;
    }

    private static TaskResult asResult(String agentId, Throwable e) {
        Throwable c = Failures.unwrap(e);
        String kind = c instanceof TimeoutException ? "timeout"
                : c instanceof UnknownAgentException ? "unknown_agent"
                : c instanceof UnsupportedTaskException ? "unsupported"
                : c instanceof IllegalStateException ? "not_running" : "error";
        return new TaskResult(TaskResult.Status.FAILED, Json.object().put("error_kind", kind),
                kind.equals("timeout") ? "agent '" + agentId + "' did not answer in time" : Failures.message(c));
    }

    /** The reply text of a result: {@code output.text} when there is one, else the output as JSON, or the error. */
    public static String text(TaskResult r) {
        if (!r.succeeded()) {
            return r.error() == null ? r.status().wireName() : r.error();
        }
        JsonNode out = r.output();
        if (out.hasNonNull("text")) {
            return out.get("text").asText();
        }
        return out.isTextual() ? out.asText() : out.toString();
    }

    /** {@code ok}, {@code timeout} or {@code failed}. */
    public static String status(TaskResult r) {
        if (r.succeeded()) {
            return "ok";
        }
        return "timeout".equals(r.output().path("error_kind").asText()) ? "timeout" : "failed";
    }
}
