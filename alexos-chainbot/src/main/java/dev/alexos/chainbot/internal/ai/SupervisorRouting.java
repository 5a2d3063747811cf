package dev.alexos.chainbot.internal.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.llm.ChatMessage;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A supervisor's routing of a non-chat task: the model is shown the task and the members
 * (name, type, capabilities) and answers with one member id; the task is then sent to that
 * member through the registry. Output: {@code {"routed_to", "output"}}.
 */
final class SupervisorRouting {
    private final AiAgent supervisor;
    private final AgentRegistry registry;

    SupervisorRouting(AiAgent supervisor, AgentRegistry registry) {
        this.supervisor = supervisor;
        this.registry = registry;
    }

    CompletableFuture<TaskResult> route(Task task) {
        List<AgentInfo> members = new ArrayList<>();
        for (String id : supervisor.spec().tools()) {
            registry.find(id).ifPresent(members::add);
        }
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(TaskResult.failure("supervisor '" + supervisor.spec().id()
                    + "' has no registered members to route '" + task.action() + "' to"));
        }
        StringBuilder prompt = new StringBuilder("Choose the one agent that should handle this task.\nTask action: ")
                .append(task.action()).append("\nTask parameters: ").append(task.params()).append("\nAgents:\n");
        for (AgentInfo m : members) {
            prompt.append("- ").append(m.id()).append(": ").append(m.descriptor().name()).append(" (type ")
                    .append(m.descriptor().type()).append(", can: ").append(String.join(", ", m.descriptor().capabilities()))
                    .append(")\n");
        }
        prompt.append("Answer with the agent id only.");
        return supervisor.ask(List.of(ChatMessage.system(supervisor.spec().systemPrompt()), ChatMessage.user(prompt.toString())))
                .handle((resp, err) -> {
                    if (err != null) {
                        return CompletableFuture.completedFuture(supervisor.failedFor(task, err));
                    }
                    Optional<String> chosen = pick(resp.text(), members);
                    if (chosen.isEmpty()) {
                        return CompletableFuture.completedFuture(AiAgent.failure("malformed", "supervisor '"
                                + supervisor.spec().id() + "': the model named no member (answered '"
                                + abbreviate(resp.text()) + "')"));
                    }
                    return registry.send(chosen.get(), task.requestedBy("agent:" + supervisor.spec().id()))
                            .handle((r, e) -> {
                                if (e != null) {
                                    return TaskResult.failure("routed to '" + chosen.get() + "': " + e.getMessage());
                                }
                                ObjectNode out = Json.object().put("routed_to", chosen.get());
                                out.set("output", r.output());
                                return new TaskResult(r.status(), out, r.error());
                            });
                })
                .thenCompose(f -> f);
    }

    /** The member whose id the answer names: an exact answer first, else the longest id mentioned. */
    static Optional<String> pick(String answer, List<AgentInfo> members) {
        String a = answer.strip().replaceAll("^[`'\"]+|[`'\".]+$", "");
        for (AgentInfo m : members) {
            if (m.id().equals(a)) {
                return Optional.of(m.id());
            }
        }
        return members.stream().map(AgentInfo::id).filter(answer::contains)
                .max((x, y) -> Integer.compare(x.length(), y.length()));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
