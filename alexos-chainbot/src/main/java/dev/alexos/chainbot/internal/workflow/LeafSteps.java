package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentState;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Steps that do one thing: agent_task, llm, api_call, transform, emit_event. Each returns the
 * source future (or one linked to it) so that cancelling it reaches the agent or the HTTP exchange.
 */
final class LeafSteps {
    private final EngineServices sv;

    LeafSteps(EngineServices sv) {
        this.sv = sv;
    }

    CompletableFuture<JsonNode> agentTask(StepDefinition s, JsonNode in, String runId, String key) {
        String agentId = agentFor(in);
        String action = in.path("action").asText();
        JsonNode p = in.get("params");
        ObjectNode params = p != null && p.isObject() ? (ObjectNode) p : Json.object();
        Task task = new Task(null, action, params, "workflow:" + runId, s.timeout());
        return Futures.linked(sv.agents.send(agentId, task), r -> result(r, "agent '" + agentId + "' action '" + action + "'"));
    }

    CompletableFuture<JsonNode> llm(StepDefinition s, JsonNode in, String runId) {
        String agentId = agentFor(in);
        ObjectNode params = Json.object();
        params.put("prompt", Expressions.text(in.get("prompt")));
        if (in.hasNonNull("system")) {
            params.put("system", Expressions.text(in.get("system")));
        }
        for (String extra : new String[] {"model", "temperature", "max_tokens"}) {
            if (in.hasNonNull(extra)) {
                params.set(extra, in.get(extra));
            }
        }
        Task task = new Task(null, "chat", params, "workflow:" + runId, s.timeout());
        return Futures.linked(sv.agents.send(agentId, task), r -> result(r, "AI agent '" + agentId + "'").thenApply(out -> {
            if (out.isObject() && out.has("text")) {
                return out;
            }
            ObjectNode o = Json.object();
            o.put("text", Expressions.text(out));
            return o;
        }));
    }

    private String agentFor(JsonNode in) {
        if (in.hasNonNull("agent")) {
            return in.get("agent").asText();
        }
        String cap = in.path("capability").asText();
        return sv.agents.withCapability(cap).stream()
                .filter(a -> a.state() == AgentState.RUNNING && a.health().status() != dev.alexos.core.Health.Status.NOT_CONFIGURED)
                .map(AgentInfo::id).findFirst()
                .orElseThrow(() -> new StepFailure("no running, configured agent offers capability '" + cap + "'"));
    }

    private static CompletableFuture<JsonNode> result(TaskResult r, String what) {
        if (r.succeeded()) {
            return CompletableFuture.completedFuture(r.output());
        }
        return CompletableFuture.failedFuture(new StepFailure(what + " " + r.status().wireName()
                + (r.error() == null ? "" : ": " + r.error())));
    }

    CompletableFuture<JsonNode> apiCall(StepDefinition s, JsonNode in) {
        String url = in.path("url").asText();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("config.url: '" + url + "' is not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new StepFailure("config.url: only http and https are allowed");
        }
        String method = in.path("method").asText("GET").toUpperCase(Locale.ROOT);
        JsonNode body = in.get("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri);
        if (body != null && !body.isNull()) {
            publisher = HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : body.toString());
            if (!body.isTextual()) {
                rb.header("Content-Type", "application/json");
            }
        }
        rb.method(method, publisher);
        in.path("headers").properties().forEach(h -> rb.header(h.getKey(), Expressions.text(h.getValue())));
        rb.timeout(s.timeout() != null ? s.timeout() : Duration.ofSeconds(60));
        boolean allowError = in.path("allow_error_status").asBoolean(false);
        String shown = uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath());
        CompletableFuture<HttpResponse<String>> exchange = sv.http().sendAsync(rb.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return Futures.linked(exchange, resp -> {
            ObjectNode out = Json.object();
            out.put("status", resp.statusCode());
            ObjectNode headers = out.putObject("headers");
            resp.headers().map().forEach((k, v) -> {
                if (!v.isEmpty() && !k.equalsIgnoreCase("set-cookie")) {
                    headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
                }
            });
            String text = resp.body();
            JsonNode parsed = null;
            String ct = resp.headers().firstValue("content-type").orElse("");
            if (ct.contains("json") && text != null && !text.isBlank()) {
                try {
                    parsed = Json.mapper().readTree(text);
                } catch (IOException e) {
                    parsed = null;
                }
            }
            if (parsed != null) {
                out.set("body", parsed);
            } else {
                out.put("body", text);
            }
            if (resp.statusCode() >= 400 && !allowError) {
                return CompletableFuture.failedFuture(new StepFailure("HTTP " + resp.statusCode() + " from " + method + " " + shown));
            }
            return CompletableFuture.completedFuture(out);
        });
    }

    /** transform: value | template | parse | stringify | from (+ path, where, map, pick, count). */
    JsonNode transform(JsonNode in, StepDefinition s, Scope scope) {
        if (in.has("from")) {
            JsonNode cur = in.get("from");
            if (in.hasNonNull("path")) {
                String path = in.get("path").asText();
                cur = JsonPaths.navigate(cur, JsonPaths.parse(path), 0, "from." + path);
            }
            String where = s.config().hasNonNull("where") ? s.config().get("where").asText() : null;
            JsonNode map = s.config().get("map");
            if (where != null || map != null) {
                if (!cur.isArray()) {
                    throw new StepFailure("config.from: where/map need an array, got " + cur.getNodeType().toString().toLowerCase(Locale.ROOT));
                }
                ArrayNode outArr = Json.array();
                int i = 0;
                for (JsonNode item : cur) {
                    Scope each = scope.child().local("item", item).local("index", Json.mapper().getNodeFactory().numberNode(i++));
                    if (where == null || Expressions.test(where, each)) {
                        outArr.add(map == null ? item : Expressions.resolve(map, each));
                    }
                }
                cur = outArr;
            }
            if (in.has("pick") && in.get("pick").isArray()) {
                cur = pick(cur, in.get("pick"));
            }
            if (in.path("count").asBoolean(false)) {
                return Json.mapper().getNodeFactory().numberNode(cur.size());
            }
            return cur;
        }
        if (in.has("parse")) {
            JsonNode p = in.get("parse");
            if (!p.isTextual()) {
                return p;
            }
            try {
                return Json.mapper().readTree(p.asText());
            } catch (IOException e) {
                throw new StepFailure("config.parse: not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (in.has("stringify")) {
            return Json.mapper().getNodeFactory().textNode(in.get("stringify").toString());
        }
        if (in.has("template")) {
            return Json.mapper().getNodeFactory().textNode(Expressions.text(in.get("template")));
        }
        return in.get("value");
    }

    private static JsonNode pick(JsonNode cur, JsonNode fields) {
        if (cur.isArray()) {
            ArrayNode a = Json.array();
            cur.forEach(x -> a.add(pick(x, fields)));
            return a;
        }
        ObjectNode o = Json.object();
        fields.forEach(f -> {
            if (cur.has(f.asText())) {
                o.set(f.asText(), cur.get(f.asText()));
            }
        });
        return o;
    }

    JsonNode emitEvent(JsonNode in, String runId, String workflowId) {
        ObjectNode data = Json.object();
        JsonNode d = in.get("data");
        if (d != null && d.isObject()) {
            data.setAll((ObjectNode) Redaction.redact(d));
        } else if (d != null && !d.isNull()) {
            data.set("value", d);
        }
        data.put("execution_id", runId);
        data.put("workflow_id", workflowId);
        String topic = "chainbot." + in.path("event").asText();
        var ev = sv.events.publish(topic, sv.source, data);
        ObjectNode out = Json.object();
        out.put("topic", topic);
        out.put("seq", ev.seq());
        return out;
    }
}
