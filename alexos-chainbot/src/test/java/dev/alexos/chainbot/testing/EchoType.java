package dev.alexos.chainbot.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.util.concurrent.CompletableFuture;

/**
 * A plugin-contributed framework agent type for tests: {@code echo} answers {@code chat} with
 * "<prefix><prompt>" and reports how many history messages it was given; with
 * {@code config.hang = true} it never answers (for timeout tests).
 */
public final class EchoType implements FrameworkAgentType {
    @Override
    public String type() {
        return "echo";
    }

    @Override
    public String description() {
        return "echoes chat prompts (test plugin type)";
    }

    @Override
    public Agent create(FrameworkAgentSpec spec) {
        String prefix = spec.config().path("prefix").asText(spec.id() + " heard: ");
        boolean hang = spec.config().path("hang").asBoolean(false);
        boolean showHistory = spec.config().path("show_history").asBoolean(false);
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return AgentDescriptor.builder(spec.id(), spec.name(), "echo").capability("chat").build();
            }

            @Override
            public CompletableFuture<TaskResult> handle(Task task) {
                if (hang) {
                    return new CompletableFuture<>();
                }
                if (!task.action().equals("chat")) {
                    return CompletableFuture.completedFuture(TaskResult.success(Json.object()
                            .put("agent", spec.id()).put("action", task.action())));
                }
                int n = task.params().path("messages").size();
                ObjectNode out = Json.object().put("text", prefix + task.param("prompt") + (showHistory ? " (history " + n + ")" : ""))
                        .put("history", task.params().path("messages").size());
                out.set("messages", task.params().path("messages"));
                return CompletableFuture.completedFuture(TaskResult.success(out));
            }
        };
    }
}
