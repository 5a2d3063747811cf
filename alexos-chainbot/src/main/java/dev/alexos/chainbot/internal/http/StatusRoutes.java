package dev.alexos.chainbot.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.ChainBotRuntime;
import dev.alexos.chainbot.internal.ChainBotSystemAgent;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.chainbot.internal.remote.RemoteConnector;
import dev.alexos.chainbot.internal.remote.RemoteException;
import dev.alexos.core.Health;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /api/chainbot/health}, {@code /status} and the remote ChainBot's workflows. */
public final class StatusRoutes {
    private static final String BASE = "/api/chainbot";
    private final ChainBotRuntime rt;

    public StatusRoutes(ChainBotRuntime rt) {
        this.rt = rt;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get(BASE + "/health", Role.PUBLIC, "ChainBot's health, including the remote ChainBot", r -> health()),
                ApiRoute.get(BASE + "/status", Role.VIEWER, "ChainBot's status, counts and configuration (redacted)",
                        r -> status()),
                ApiRoute.get(BASE + "/remote/workflows", Role.VIEWER, "Workflows of the remote ChainBot (last good copy)",
                        r -> remoteWorkflows()),
                ApiRoute.post(BASE + "/remote/workflows/{id}/execute", Role.OPERATOR, "Execute a remote ChainBot workflow",
                        this::executeRemote),
                ApiRoute.post(BASE + "/remote/sync", Role.OPERATOR, "Sync with the remote ChainBot now", r -> syncNow()));
    }

    Map<String, Object> health() {
        Health h = rt.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status() == Health.Status.NOT_CONFIGURED ? "healthy" : h.status().wireName());
        m.put("agent_id", ChainBotSystemAgent.ID);
        m.put("message", h.message());
        rt.remote().ifPresent(r -> m.put("remote", r.describe()));
        m.put("details", h.details());
        m.put("timestamp", rt.context().clock().instant().toString());
        return m;
    }

    /** The {@code /status} document (also the system agent's {@code status} task). */
    public Map<String, Object> status() {
        Health h = rt.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent_id", ChainBotSystemAgent.ID);
        m.put("name", "ChainBot Orchestrator");
        m.put("status", h.status() == Health.Status.HEALTHY || h.status() == Health.Status.NOT_CONFIGURED ? "running"
                : h.status().wireName());
        AgentViews views = new AgentViews(rt);
        m.put("alex_framework_agents_count", views.framework(true).size());
        m.put("ai_agents_count", views.ai(true).size());
        m.put("workflows_count", rt.localWorkflows().count() + rt.remote().map(r -> r.workflows().size()).orElse(0));
        m.put("sessions_count", rt.sessions().count());
        m.put("last_sync", rt.remote().map(r -> r.lastSync() == null ? null : r.lastSync().toString()).orElse(null));
        m.put("remote", rt.remote().map(RemoteConnector::describe).orElse(null));
        m.put("providers", rt.providers().describe());
        m.put("framework_agent_types", rt.spawner().types());
        m.put("chainbot_config", redact(rt.context().config().redacted()));
        m.put("timestamp", rt.context().clock().instant().toString());
        return m;
    }

    /** The core's redaction, and ours on top: any key naming a key, token, secret or password. */
    @SuppressWarnings("unchecked")
    static Object redact(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k).toLowerCase(Locale.ROOT);
                boolean secret = key.contains("key") || key.contains("token") || key.contains("secret")
                        || key.contains("password") || key.equals("secrets");
                out.put(String.valueOf(k), secret && v != null ? "******" : redact(v));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StatusRoutes::redact).toList();
        }
        if (value instanceof String s && s.contains("://")) {
            // user info in a URL (https://user:password@gateway) is a credential too
            return s.replaceAll("(://)[^/@\\s]*@", "$1******@");
        }
        return value;
    }

    private RemoteConnector remote() {
        return rt.remote().orElseThrow(() -> ApiException.unavailable(
                "no remote ChainBot is configured (set CHAINBOT_API_URL)"));
    }

    private Map<String, Object> remoteWorkflows() {
        RemoteConnector r = remote();
        List<ObjectNode> wfs = r.workflows();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflows", wfs);
        m.put("count", wfs.size());
        m.put("last_sync", r.lastSync() == null ? null : r.lastSync().toString());
        m.put("stale_seconds", r.staleSeconds());
        m.put("timestamp", rt.context().clock().instant().toString());
        return m;
    }

    private Object executeRemote(ApiRequest req) {
        RemoteConnector r = remote();
        String id = req.pathParam("id");
        String remoteId = id.startsWith("remote:") ? id.substring("remote:".length()) : id;
        ObjectNode body = req.bodyObject();
        JsonNode inputs = body.get("inputs");
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw ApiException.badRequest("inputs", "expected an object");
        }
        if (r.workflow(remoteId).isEmpty()) {
            throw ApiException.notFound("remote workflow", remoteId);
        }
        try {
            return r.execute(remoteId, inputs == null || inputs.isNull() ? Json.object() : (ObjectNode) inputs)
                    .get(rt.messageTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.upstreamTimeout("remote ChainBot did not finish workflow '" + remoteId + "' in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable c = Failures.unwrap(e);
            if (c instanceof RemoteException re && re.kind() == RemoteException.Kind.TIMEOUT) {
                throw ApiException.upstreamTimeout(re.getMessage());
            }
            if (c instanceof RemoteException re && re.status() / 100 == 4 && re.status() != 401 && re.status() != 403) {
                throw new ApiException(re.status(), "remote_rejected", "remote ChainBot: " + re.getMessage());
            }
            throw ApiException.upstream("remote ChainBot: " + Failures.message(c));
        }
    }

    private Map<String, Object> syncNow() {
        RemoteConnector r = remote();
        r.check().thenCompose(v -> r.sync()).join(); // neither fails: outcomes are recorded in the state
        return r.describe();
    }
}
