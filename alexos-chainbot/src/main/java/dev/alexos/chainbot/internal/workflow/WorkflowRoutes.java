package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.UnknownWorkflowException;
import dev.alexos.chainbot.workflow.WorkflowEngine;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.RouteHandler;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workflow routes under {@code /api/chainbot} (see docs http-api.md): definitions,
 * execution, history, cancel, approve/reject. Viewer reads; operator changes definitions and runs.
 */
public final class WorkflowRoutes {
    private static final String BASE = "/api/chainbot";
    private final WorkflowEngine engine;
    private final Clock clock;
    private final RemoteRouteSupport remote;

    public WorkflowRoutes(WorkflowEngine engine, Clock clock) {
        this(engine, clock, Optional.empty());
    }

    /** With a remote ChainBot: its workflows are listed, shown and executed as {@code remote:<id>}. */
    public WorkflowRoutes(WorkflowEngine engine, Clock clock, Optional<RemoteWorkflows> remote) {
        this.engine = engine;
        this.clock = clock;
        this.remote = new RemoteRouteSupport(remote, clock);
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get(BASE + "/workflows", Role.VIEWER, "List workflow definitions", guard(this::list)),
                ApiRoute.post(BASE + "/workflows", Role.OPERATOR, "Create a workflow definition (validated)", guard(this::create)),
                ApiRoute.get(BASE + "/workflows/{id}", Role.VIEWER, "One workflow with its definition", guard(this::get)),
                ApiRoute.put(BASE + "/workflows/{id}", Role.OPERATOR, "Replace a workflow definition (validated)", guard(this::put)),
                ApiRoute.delete(BASE + "/workflows/{id}", Role.OPERATOR, "Delete a workflow definition", guard(this::delete)),
                ApiRoute.post(BASE + "/workflows/{id}/execute", Role.OPERATOR, "Execute a workflow; waits up to ?wait= seconds",
                        guard(this::execute)),
                ApiRoute.get(BASE + "/executions", Role.VIEWER, "Execution history (?workflow_id=&status=&limit=)", guard(this::executions)),
                ApiRoute.get(BASE + "/executions/{id}", Role.VIEWER, "One execution with its step records", guard(this::execution)),
                ApiRoute.post(BASE + "/executions/{id}/cancel", Role.OPERATOR, "Cancel an execution", guard(this::cancel)),
                ApiRoute.post(BASE + "/executions/{id}/approve", Role.OPERATOR, "Approve a pending approval step",
                        guard(r -> decide(r, true))),
                ApiRoute.post(BASE + "/executions/{id}/reject", Role.OPERATOR, "Reject a pending approval step",
                        guard(r -> decide(r, false))));
    }

    /** Maps engine exceptions to API errors naming the field. */
    private static RouteHandler guard(RouteHandler h) {
        return req -> {
            try {
                return h.handle(req);
            } catch (WorkflowValidationException e) {
                throw new ApiException(400, "bad_request", e.getMessage(), e.field());
            } catch (UnknownWorkflowException e) {
                throw ApiException.notFound(e.kind(), e.id());
            } catch (IllegalStateException e) {
                if (e.getMessage() != null && e.getMessage().contains("capacity")) {
                    throw ApiException.unavailable(e.getMessage());
                }
                throw ApiException.conflict(e.getMessage());
            }
        };
    }

    private Object list(ApiRequest req) {
        ArrayNode arr = Json.array();
        engine.definitions().forEach(d -> arr.add(RunViews.summary(d).put("source", "local")));
        ObjectNode o = Json.object();
        remote.addTo(arr, o);
        o.set("workflows", arr);
        o.put("count", arr.size());
        o.put("timestamp", clock.instant().toString());
        return o;
    }

    private Object get(ApiRequest req) {
        String id = req.pathParam("id");
        if (RemoteRouteSupport.isRemote(id)) {
            return remote.get(id);
        }
        return RunViews.definition(engine.definition(id).orElseThrow(() -> new UnknownWorkflowException("workflow", id)));
    }

    private Object create(ApiRequest req) {
        ObjectNode doc = document(req);
        String id = doc.path("id").asText("");
        if (!id.isEmpty() && engine.definition(id).isPresent()) {
            throw ApiException.conflict("workflow '" + id + "' already exists: use PUT /api/chainbot/workflows/" + id);
        }
        return ApiResponse.created(RunViews.definition(engine.saveDefinition(doc)));
    }

    private Object put(ApiRequest req) {
        String id = req.pathParam("id");
        if (RemoteRouteSupport.isRemote(id)) {
            throw remote.managedRemotely(id);
        }
        ObjectNode doc = document(req);
        if (doc.hasNonNull("id") && !doc.get("id").asText().equals(id)) {
            throw ApiException.badRequest("id", "'" + doc.get("id").asText() + "' does not match the path's '" + id + "'");
        }
        doc.put("id", id);
        return RunViews.definition(engine.saveDefinition(doc));
    }

    /** The definition: a JSON object, or {@code {"yaml": "..."}} with a YAML document. */
    private static ObjectNode document(ApiRequest req) {
        ObjectNode body = req.bodyObject();
        if (body.size() == 1 && body.has("yaml") && body.get("yaml").isTextual()) {
            try {
                JsonNode doc = DefinitionRepository.readDocument(body.get("yaml").asText(), false);
                if (!doc.isObject()) {
                    throw ApiException.badRequest("yaml", "must be a YAML mapping (the workflow definition)");
                }
                return (ObjectNode) doc;
            } catch (IOException e) {
                throw ApiException.badRequest("yaml", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return body;
    }

    private Object delete(ApiRequest req) {
        String id = req.pathParam("id");
        if (RemoteRouteSupport.isRemote(id)) {
            throw remote.managedRemotely(id);
        }
        if (!engine.deleteDefinition(id)) {
            throw ApiException.notFound("workflow", id);
        }
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("deleted", true);
        return o;
    }

    private Object execute(ApiRequest req) throws InterruptedException {
        String id = req.pathParam("id");
        int wait = req.queryInt("wait", 30, 0, 300);
        ObjectNode body = req.bodyObject();
        JsonNode inputs = body.get("inputs");
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw ApiException.badRequest("inputs", "must be a JSON object");
        }
        ObjectNode in = inputs == null || inputs.isNull() ? Json.object() : (ObjectNode) inputs;
        if (RemoteRouteSupport.isRemote(id)) {
            return remote.execute(id, in, wait);
        }
        String runId = engine.start(id, in, req.principal().name());
        if (wait == 0) {
            return ApiResponse.accepted(answer(id, runId, null));
        }
        CompletableFuture<WorkflowRun> done = engine.completion(runId);
        try {
            return answer(id, runId, done.get(wait, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return answer(id, runId, null);
        } catch (ExecutionException e) {
            return answer(id, runId, null);
        }
    }

    private ObjectNode answer(String workflowId, String runId, WorkflowRun finished) {
        WorkflowRun r = finished != null ? finished : engine.run(runId).orElseThrow(() -> new UnknownWorkflowException("execution", runId));
        ObjectNode o = Json.object();
        o.put("workflow_id", workflowId);
        o.put("execution_id", runId);
        o.put("status", r.status().wireName());
        o.set("result", r.result());
        o.put("error", r.error());
        o.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
        o.put("completed_at", r.completedAt() == null ? null : r.completedAt().toString());
        o.put("timestamp", clock.instant().toString());
        return o;
    }

    private Object executions(ApiRequest req) {
        int limit = req.queryInt("limit", 50, 1, 1000);
        Optional<String> wf = req.query("workflow_id");
        Optional<String> status = req.query("status");
        ArrayNode arr = Json.array();
        for (WorkflowRun r : engine.runs(wf.orElse(null), status.isPresent() ? 10_000 : limit)) {
            if (status.isPresent() && !r.status().wireName().equals(status.get())) {
                continue;
            }
            if (arr.size() >= limit) {
                break;
            }
            arr.add(RunViews.run(r, false));
        }
        ObjectNode o = Json.object();
        o.set("executions", arr);
        o.put("count", arr.size());
        o.put("timestamp", clock.instant().toString());
        return o;
    }

    private Object execution(ApiRequest req) {
        String id = req.pathParam("id");
        return RunViews.run(engine.run(id).orElseThrow(() -> new UnknownWorkflowException("execution", id)), true);
    }

    private Object cancel(ApiRequest req) {
        String id = req.pathParam("id");
        String reason = req.bodyObject().path("reason").asText("cancelled by " + req.principal().name());
        boolean cancelled = engine.cancel(id, reason);
        if (!cancelled) {
            WorkflowRun r = engine.run(id).orElseThrow(() -> new UnknownWorkflowException("execution", id));
            if (r.status().isTerminal()) {
                throw ApiException.conflict("execution " + id + " has already ended (" + r.status().wireName() + ")");
            }
        }
        ObjectNode o = Json.object();
        o.put("execution_id", id);
        o.put("cancelled", true);
        o.put("reason", reason);
        return o;
    }

    private Object decide(ApiRequest req, boolean approved) {
        String id = req.pathParam("id");
        ObjectNode body = req.bodyObject();
        String key = body.hasNonNull("step_key") ? body.get("step_key").asText() : null;
        String comment = body.hasNonNull("comment") ? body.get("comment").asText() : null;
        JsonNode decision = engine.decide(id, key, approved, req.principal().name(), comment);
        ObjectNode o = Json.object();
        o.put("execution_id", id);
        o.set("decision", decision);
        return o;
    }
}
