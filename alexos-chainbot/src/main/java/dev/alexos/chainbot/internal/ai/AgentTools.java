package dev.alexos.chainbot.internal.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.llm.ToolCall;
import dev.alexos.chainbot.internal.llm.ToolSpec;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Other agents offered to a model as tools. Each agent becomes a function {@code agent_<id>}
 * taking {@code {"input": "..."}}; a call sends a {@code chat} task with that prompt to the
 * agent through the registry and gives the model the agent's text (or its error).
 */
final class AgentTools {
    static final int MAX_DEPTH = 3;
    private final AgentRegistry registry;
    private final Map<String, String> agentByTool = new LinkedHashMap<>();
    private final List<ToolSpec> specs = new ArrayList<>();

    AgentTools(AgentRegistry registry, List<String> agentIds, String selfId) {
        this.registry = registry;
        for (String id : agentIds) {
            if (id.equals(selfId)) {
                continue;
            }
            String tool = toolName(id);
            agentByTool.put(tool, id);
            String description = registry.find(id).map(AgentTools::describe)
                    .orElse("Agent " + id + ". Give it the task as 'input'.");
            ObjectNode params = Json.object().put("type", "object");
            params.putObject("properties").putObject("input").put("type", "string")
                    .put("description", "what to ask the agent");
            params.putArray("required").add("input");
            specs.add(new ToolSpec(tool, description, params));
        }
    }

    static String toolName(String agentId) {
        String n = "agent_" + agentId.replaceAll("[^A-Za-z0-9_-]", "_");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    private static String describe(AgentInfo info) {
        return "Agent '" + info.descriptor().name() + "' (" + info.descriptor().type() + ")"
                + (info.descriptor().capabilities().isEmpty() ? "" : ", can: " + String.join(", ", info.descriptor().capabilities()))
                + ". Give it the task as 'input'.";
    }

    List<ToolSpec> specs() {
        return specs;
    }

    /** The agent id behind a tool name, or null. */
    String agentFor(String tool) {
        return agentByTool.get(tool);
    }

    /** Runs one call; always completes normally with the text to give the model. */
    CompletableFuture<String> call(ToolCall call, String requestedBy, int depth, Duration timeout) {
        String agentId = agentByTool.get(call.name());
        if (agentId == null) {
            return CompletableFuture.completedFuture("error: there is no tool named '" + call.name() + "'");
        }
        if (depth >= MAX_DEPTH) {
            return CompletableFuture.completedFuture("error: agents may call each other at most " + MAX_DEPTH + " levels deep");
        }
        String input;
        try {
            JsonNode args = Json.mapper().readTree(call.arguments());
            input = args != null && args.hasNonNull("input") ? args.get("input").asText() : call.arguments();
        } catch (IOException e) {
            input = call.arguments();
        }
        ObjectNode params = Json.object().put("prompt", input).put("_tool_depth", depth + 1);
        return registry.send(agentId, new Task(null, "chat", params, requestedBy, timeout))
                .handle((r, e) -> e != null ? "error: " + rootMessage(e) : textOf(r));
    }

    static String textOf(TaskResult r) {
        if (!r.succeeded()) {
            return "error: " + r.error();
        }
        JsonNode out = r.output();
        return out.hasNonNull("text") ? out.get("text").asText() : out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
