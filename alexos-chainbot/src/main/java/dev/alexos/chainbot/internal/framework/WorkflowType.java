package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.util.concurrent.CompletableFuture;

/**
 * {@code workflow}: runs a ChainBot workflow. Config: {@code workflow_id} (required; {@code remote:<id>}
 * for a workflow of the remote ChainBot), {@code inputs} (defaults merged under the task's).
 * Task {@code run} (or {@code execute}) with {@code {"inputs": {...}}} → the run's result document;
 * a run that did not complete is a failed result carrying the document.
 */
public final class WorkflowType implements FrameworkAgentType {
    private final WorkflowRunner runner;

    public WorkflowType(WorkflowRunner runner) {
        this.runner = runner;
    }

    @Override
    public String type() {
        return "workflow";
    }

    @Override
    public String description() {
        return "runs a ChainBot workflow (local, or remote:<id>)";
    }

    @Override
    public Agent create(FrameworkAgentSpec spec) {
        String workflowId = Configs.requiredText(spec.config(), "workflow_id");
        JsonNode defaults = spec.config().path("inputs");
        if (!defaults.isMissingNode() && !defaults.isNull() && !defaults.isObject()) {
            throw new IllegalArgumentException("config.inputs: expected an object");
        }
        return new Runner(spec.id(), workflowId, defaults.isObject() ? (ObjectNode) defaults : Json.object(), runner);
    }

    /** The workflow agent. */
    static final class Runner implements Agent {
        private final String id;
        private final String workflowId;
        private final ObjectNode defaults;
        private final WorkflowRunner runner;

        Runner(String id, String workflowId, ObjectNode defaults, WorkflowRunner runner) {
            this.id = id;
            this.workflowId = workflowId;
            this.defaults = defaults;
            this.runner = runner;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, id, "workflow").capability("run").capability("workflow")
                    .metadata("workflow_id", workflowId).build();
        }

        @Override
        public Health health() {
            return runner.exists(workflowId) ? Health.healthy()
                    : Health.degraded("workflow '" + workflowId + "' is not available");
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            if (!task.action().equals("run") && !task.action().equals("execute")) {
                return Agent.super.handle(task);
            }
            JsonNode in = task.params().path("inputs");
            if (!in.isMissingNode() && !in.isNull() && !in.isObject()) {
                return CompletableFuture.completedFuture(TaskResult.failure("inputs: expected an object"));
            }
            ObjectNode inputs = defaults.deepCopy();
            if (in.isObject()) {
                inputs.setAll((ObjectNode) in);
            }
            CompletableFuture<JsonNode> run;
            try {
                run = runner.run(workflowId, inputs, "agent:" + id);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(TaskResult.failure("workflow agent '" + id + "': " + e.getMessage()));
            }
            return run.handle((doc, err) -> {
                if (err != null) {
                    return TaskResult.failure("workflow agent '" + id + "': " + Failures.message(err));
                }
                String status = doc.path("status").asText("completed");
                return status.equals("completed") || status.equals("succeeded") ? TaskResult.success(doc)
                        : new TaskResult(TaskResult.Status.FAILED, doc, "workflow '" + workflowId + "' ended "
                                + status + (doc.hasNonNull("error") ? ": " + doc.get("error").asText() : ""));
            });
        }
    }
}
