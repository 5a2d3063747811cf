package dev.alexos.chainbot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.WorkflowEngine;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.json.Json;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** {@link LocalWorkflows} over ChainBot's workflow engine (its public {@link WorkflowEngine} API). */
final class EngineWorkflows implements LocalWorkflows {
    private final WorkflowEngine engine;

    EngineWorkflows(WorkflowEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean exists(String id) {
        return engine.definition(id).isPresent();
    }

    @Override
    public int count() {
        return engine.definitions().size();
    }

    @Override
    public CompletableFuture<JsonNode> run(String id, ObjectNode inputs, String requestedBy) {
        CompletableFuture<WorkflowRun> run;
        try {
            run = engine.execute(id, inputs, requestedBy);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run.thenApply(EngineWorkflows::document);
    }

    /** The execute route's answer shape: {@code {workflow_id, execution_id, status, result, error, started_at, completed_at}}. */
    static JsonNode document(WorkflowRun r) {
        ObjectNode d = Json.object();
        d.put("workflow_id", r.workflowId());
        d.put("execution_id", r.id());
        d.put("status", r.status().wireName());
        d.set("result", r.result());
        d.put("error", r.error());
        d.put("started_at", text(r.startedAt()));
        d.put("completed_at", text(r.completedAt()));
        return d;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
