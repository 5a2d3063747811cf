package dev.alexos.chainbot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowEngine;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.http.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workflow engine while it is still being started in the background (its H2 store opened,
 * unfinished runs recovered): routes and agents are wired to this at module start, and each call
 * waits for the real engine, then delegates. A call that would wait longer than {@code wait}
 * fails with 503 ({@code unavailable}), as does every call when the engine failed to start.
 * Thread-safe.
 */
final class StartingWorkflowEngine implements WorkflowEngine {
    private final CompletableFuture<WorkflowEngine> engine;
    private final Duration wait;

    StartingWorkflowEngine(CompletableFuture<WorkflowEngine> engine, Duration wait) {
        this.engine = engine;
        this.wait = wait;
    }

    private WorkflowEngine engine() {
        try {
            return engine.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("ChainBot's workflow engine is starting; try again shortly");
        } catch (ExecutionException e) {
            throw ApiException.unavailable("ChainBot's workflow engine did not start: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while ChainBot's workflow engine was starting");
        }
    }

    @Override
    public List<WorkflowDefinition> definitions() {
        return engine().definitions();
    }

    @Override
    public Optional<WorkflowDefinition> definition(String workflowId) {
        return engine().definition(workflowId);
    }

    @Override
    public WorkflowDefinition saveDefinition(ObjectNode document) {
        return engine().saveDefinition(document);
    }

    @Override
    public boolean deleteDefinition(String workflowId) {
        return engine().deleteDefinition(workflowId);
    }

    @Override
    public String start(String workflowId, ObjectNode inputs, String requestedBy) {
        return engine().start(workflowId, inputs, requestedBy);
    }

    @Override
    public CompletableFuture<WorkflowRun> execute(String workflowId, ObjectNode inputs, String requestedBy) {
        return engine().execute(workflowId, inputs, requestedBy);
    }

    @Override
    public CompletableFuture<WorkflowRun> completion(String runId) {
        return engine().completion(runId);
    }

    @Override
    public Optional<WorkflowRun> run(String runId) {
        return engine().run(runId);
    }

    @Override
    public List<WorkflowRun> runs(String workflowId, int limit) {
        return engine().runs(workflowId, limit);
    }

    @Override
    public boolean cancel(String runId, String reason) {
        return engine().cancel(runId, reason);
    }

    @Override
    public JsonNode decide(String runId, String stepKey, boolean approved, String by, String comment) {
        return engine().decide(runId, stepKey, approved, by, comment);
    }

    @Override
    public ObjectNode stats() {
        return engine().stats();
    }
}
