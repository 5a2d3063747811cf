package dev.alexos.core.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.internal.agent.DefaultAgentRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The core's HTTP routes (health, agents and tasks); the read-only system views are in
 * {@link SystemRoutes}. Framework-neutral: any host adapts them.
 */
public final class CoreRoutes {
    /** How long {@code POST /api/agents/{id}/tasks} waits when the body gives no {@code timeout_ms}. */
    static final long DEFAULT_TASK_TIMEOUT_MS = 30_000;
    static final long MAX_TASK_TIMEOUT_MS = 600_000;

    /** Ledger entry type of tasks sent through the API. */
    static final String AUDIT_TYPE = "core.agent_task";
    private static final long AUDIT_WAIT_SECONDS = 10;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoreRoutes.class);

    private final AlexOs os;

    public CoreRoutes(AlexOs os) {
        this.os = os;
    }

    /** Every core route. */
    public List<ApiRoute> routes() {
        SystemRoutes system = new SystemRoutes(os);
        return List.of(
                ApiRoute.get("/api/health", Role.PUBLIC, "Health of every module, the ledger and the event bus",
                        this::health),
                ApiRoute.get("/api/agents", Role.VIEWER, "Every agent of every module (?module=, ?capability=)",
                        this::agents),
                ApiRoute.get("/api/agents/{id}", Role.VIEWER, "One agent", this::agent),
                ApiRoute.post("/api/agents/{id}/tasks", Role.OPERATOR, "Send a task to an agent and wait for its result",
                        this::task),
                ApiRoute.get("/api/events", Role.VIEWER, "Recent events from the replay buffer", system::events),
                ApiRoute.get("/api/ledger", Role.VIEWER, "Ledger entries", system::ledger),
                ApiRoute.get("/api/ledger/verify", Role.VIEWER, "Verify the ledger's hash chain", system::verify),
                ApiRoute.get("/api/compliance", Role.VIEWER, "Every compliance check, evaluated now, and the score",
                        system::compliance),
                ApiRoute.get("/api/plugins", Role.VIEWER, "Loaded plugins and modules", system::plugins));
    }

    // Always 200 with the verdict in the body, as the original did: a component being down (no
    // Docker engine, say) must not make a liveness probe restart a server that works otherwise.
    private Object health(ApiRequest req) {
        return Views.systemHealth(os.health());
    }

    /** {@code GET /api/agents?module=&capability=}: every agent, optionally narrowed. */
    private Object agents(ApiRequest req) {
        String module = req.query("module").filter(s -> !s.isBlank()).orElse(null);
        String capability = req.query("capability").filter(s -> !s.isBlank()).orElse(null);
        List<Map<String, Object>> list = (capability == null ? os.agents().list() : os.agents().withCapability(capability))
                .stream().map(this::view).filter(v -> module == null || module.equals(v.get("module"))).toList();
        return Views.envelope("agents", list, os.clock().instant(), Map.of());
    }

    private Object agent(ApiRequest req) {
        String id = req.pathParam("id");
        return os.agents().find(id).map(this::view).orElseThrow(() -> ApiException.notFound("agent", id));
    }

    private Map<String, Object> view(AgentInfo a) {
        String module = os.agents() instanceof DefaultAgentRegistry r ? r.moduleOf(a.id()).orElse(null) : null;
        return Views.agent(a, module);
    }

    private Object task(ApiRequest req) throws InterruptedException {
        String id = req.pathParam("id");
        ObjectNode body = req.bodyObject();
        JsonNode actionNode = body.get("action");
        if (actionNode == null || !actionNode.isTextual() || actionNode.asText().isBlank()) {
            throw ApiException.badRequest("action", "required, a non-empty string");
        }
        JsonNode params = body.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw ApiException.badRequest("params", "expected a JSON object");
        }
        long timeoutMs = DEFAULT_TASK_TIMEOUT_MS;
        JsonNode t = body.get("timeout_ms");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 1 || t.asLong() > MAX_TASK_TIMEOUT_MS) {
                throw ApiException.badRequest("timeout_ms", "expected an integer in [1, " + MAX_TASK_TIMEOUT_MS + "]");
            }
            timeoutMs = t.asLong();
        }
        if (os.agents().find(id).isEmpty()) {
            throw ApiException.notFound("agent", id);
        }
        String action = actionNode.asText();
        Task task = new Task(null, action, params == null || params.isNull() ? null : (ObjectNode) params,
                req.principal().name(), Duration.ofMillis(timeoutMs));
        CompletableFuture<TaskResult> f = os.agents().send(id, task);
        TaskResult result;
        try {
            // The registry enforces the task's timeout; the extra second only guards against a lost timer.
            result = f.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            audit(task, id, "cancelled", "the request was interrupted");
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            audit(task, id, "timed_out", null);
            throw timedOut(id, action, timeoutMs);
        } catch (CancellationException e) {
            audit(task, id, "cancelled", null);
            throw ApiException.conflict("task " + task.id() + " on agent '" + id + "' was cancelled");
        } catch (ExecutionException e) {
            ApiException failure = failure(id, action, timeoutMs, e.getCause());
            if (failure.status() >= 500) {
                audit(task, id, failure.status() == 504 ? "timed_out" : "error", failure.getMessage());
            }
            throw failure;
        }
        audit(task, id, result.status().wireName(), result.error());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", task.id());
        out.put("agent_id", id);
        out.put("action", action);
        out.put("status", result.status().wireName());
        out.put("output", result.output());
        out.put("error", result.error());
        out.put("requested_by", task.requestedBy());
        out.put("timestamp", os.clock().instant());
        return out;
    }

    /**
     * Records an operator's task in the ledger: who asked which agent for what, and how it
     * ended. Parameters and output are left out: they may hold data that must not be kept.
     */
    private void audit(Task task, String agentId, String outcome, String error) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("task_id", task.id());
        entry.put("agent_id", agentId);
        entry.put("action", task.action());
        entry.put("requested_by", task.requestedBy());
        entry.put("outcome", outcome);
        if (error != null) {
            entry.put("error", error);
        }
        try {
            os.ledger().append(AUDIT_TYPE, entry).get(AUDIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.error("ledger entry for task {} on agent '{}' was not written", task.id(), agentId, e);
        }
    }

    private static ApiException failure(String id, String action, long timeoutMs, Throwable cause) {
        if (cause instanceof UnknownAgentException) {
            return ApiException.notFound("agent", id);
        }
        if (cause instanceof UnsupportedTaskException u) {
            return ApiException.unprocessable("action", u.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return timedOut(id, action, timeoutMs);
        }
        if (cause instanceof IllegalStateException s) {
            return ApiException.conflict(s.getMessage());
        }
        // The agent's own failure (a bug or an upstream it calls): report it as an upstream error, not a 500.
        return ApiException.upstream("agent '" + id + "' failed on action '" + action + "': "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }

    private static ApiException timedOut(String id, String action, long timeoutMs) {
        return ApiException.upstreamTimeout("agent '" + id + "' did not finish action '" + action + "' within "
                + timeoutMs + " ms");
    }
}
