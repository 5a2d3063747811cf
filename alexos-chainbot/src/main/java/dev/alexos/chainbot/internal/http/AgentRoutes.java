package dev.alexos.chainbot.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.ChainBotRuntime;
import dev.alexos.chainbot.internal.session.AgentMessenger;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/chainbot/agents/*}: the lists, spawning and stopping framework agents, sending a
 * message to any agent; and the remote contract's bare arrays ({@code /alex-agents},
 * {@code /ai-agents}) so that another server can sync from this one.
 */
public final class AgentRoutes {
    private static final String BASE = "/api/chainbot";
    private final ChainBotRuntime rt;
    private final AgentViews views;

    public AgentRoutes(ChainBotRuntime rt) {
        this.rt = rt;
        this.views = new AgentViews(rt);
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get(BASE + "/agents/alex-framework", Role.VIEWER, "ALEX OS framework agents (local and remote)",
                        r -> envelope(views.framework(true), null)),
                ApiRoute.get(BASE + "/agents/ai", Role.VIEWER, "AI agents (local and remote)",
                        r -> envelope(views.ai(true), null)),
                ApiRoute.get(BASE + "/agents/all", Role.VIEWER, "Framework and AI agents", r -> all()),
                ApiRoute.get(BASE + "/agents/types", Role.VIEWER, "Framework agent types that can be spawned",
                        r -> Map.of("types", rt.spawner().types(), "timestamp", now())),
                ApiRoute.post(BASE + "/agents/alex-framework", Role.OPERATOR, "Spawn a framework agent", this::spawn),
                ApiRoute.delete(BASE + "/agents/{id}", Role.OPERATOR, "Stop a spawned framework agent", this::stop),
                ApiRoute.post(BASE + "/agents/{id}/messages", Role.OPERATOR, "Send a message or task to an agent",
                        this::message),
                ApiRoute.get(BASE + "/alex-agents", Role.VIEWER, "Remote contract: this server's framework agents (bare array)",
                        r -> views.framework(false)),
                ApiRoute.get(BASE + "/ai-agents", Role.VIEWER, "Remote contract: this server's AI agents (bare array)",
                        r -> views.ai(false)));
    }

    private String now() {
        return rt.context().clock().instant().toString();
    }

    private Map<String, Object> envelope(List<Map<String, Object>> agents, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agents", agents);
        m.put("count", agents.size());
        if (extra != null) {
            m.putAll(extra);
        }
        m.put("timestamp", now());
        return m;
    }

    private Map<String, Object> all() {
        List<Map<String, Object>> fw = views.framework(true);
        List<Map<String, Object>> ai = views.ai(true);
        List<Map<String, Object>> both = new ArrayList<>(fw);
        both.addAll(ai);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("alex_framework_count", fw.size());
        extra.put("ai_agents_count", ai.size());
        return envelope(both, extra);
    }

    private Object spawn(ApiRequest req) {
        ObjectNode body = req.bodyObject();
        String type = text(body, "type", true);
        String id = text(body, "id", false);
        String name = text(body, "name", false);
        JsonNode config = body.get("config");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw ApiException.badRequest("config", "expected an object");
        }
        try {
            AgentInfo info = rt.spawner().spawn(type, id, name, config == null || config.isNull() ? null : (ObjectNode) config);
            return ApiResponse.created(views.framework(info));
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int colon = msg.indexOf(": ");
            throw new ApiException(400, "bad_request", msg, colon > 0 ? msg.substring(0, colon) : null);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    private static String text(ObjectNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiException.badRequest(field, "required");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().length() > 200) {
            throw ApiException.badRequest(field, "expected text of at most 200 characters");
        }
        return n.asText();
    }

    private Object stop(ApiRequest req) {
        String id = req.pathParam("id");
        if (rt.spawner().stop(id)) {
            return Map.of("id", id, "status", "stopped", "timestamp", now());
        }
        if (rt.context().agents().find(id).isPresent()) {
            throw ApiException.conflict("agent '" + id + "' is not a spawned framework agent and cannot be stopped here");
        }
        throw ApiException.notFound("agent", id);
    }

    private Object message(ApiRequest req) {
        String id = req.pathParam("id");
        if (rt.context().agents().find(id).isEmpty()) {
            throw ApiException.notFound("agent", id);
        }
        ObjectNode body = req.bodyObject();
        String action = text(body, "action", false);
        ObjectNode params;
        if (action == null) {
            action = "chat";
            JsonNode content = body.has("content") ? body.get("content") : body.get("prompt");
            if (content == null || !content.isTextual() || content.asText().isBlank()) {
                throw ApiException.badRequest("content", "required text (or give \"action\" and \"params\")");
            }
            params = Json.object().put("prompt", content.asText());
            for (String f : List.of("system", "messages", "stream", "temperature", "max_tokens")) {
                if (body.has(f)) {
                    params.set(f, body.get(f));
                }
            }
        } else {
            JsonNode p = body.get("params");
            if (p != null && !p.isNull() && !p.isObject()) {
                throw ApiException.badRequest("params", "expected an object");
            }
            params = p == null || p.isNull() ? Json.object() : (ObjectNode) p;
        }
        Duration timeout = rt.messageTimeout();
        JsonNode ts = body.get("timeout_seconds");
        if (ts != null && !ts.isNull()) {
            if (!ts.isNumber() || ts.asDouble() <= 0 || ts.asDouble() > 3600) {
                throw ApiException.badRequest("timeout_seconds", "expected a number in (0, 3600]");
            }
            timeout = Duration.ofMillis((long) (ts.asDouble() * 1000));
        }
        String who = req.principal() == null ? "api" : req.principal().name();
        Task task = new Task(null, action, params, who, timeout);
        TaskResult r = new AgentMessenger(rt.context().agents(), rt.context().scheduler()).send(id, task, timeout).join();
        String kind = r.output().path("error_kind").asText("");
        if (!r.succeeded()) {
            switch (kind) {
                case "unknown_agent" -> throw ApiException.notFound("agent", id);
                case "not_running" -> throw ApiException.conflict(r.error());
                case "unsupported" -> throw ApiException.unprocessable("action", r.error());
                case "not_configured" -> throw ApiException.unavailable(r.error());
                case "timeout" -> throw ApiException.upstreamTimeout(r.error());
                case "rate_limited", "server_error", "connection", "malformed", "incomplete", "client_error" ->
                        throw ApiException.upstream(r.error());
                default -> { }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent_id", id);
        m.put("task_id", task.id());
        m.put("action", action);
        m.put("status", r.status().wireName());
        m.put("output", r.output());
        m.put("error", r.error());
        m.put("timestamp", now());
        return m;
    }
}
