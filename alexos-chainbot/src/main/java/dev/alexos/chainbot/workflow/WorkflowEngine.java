package dev.alexos.chainbot.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs workflows: definitions, executions, approvals. The public face of ChainBot's workflow
 * engine, used by the HTTP routes and by other agents (e.g. ChainBot's framework {@code workflow}
 * agent type).
 *
 * <p>Runs are asynchronous: no thread is held while a run waits on an agent, a timer or an
 * approval. Every run and step record is persisted; after a restart, runs in flight are resumed
 * or failed with the reason.
 *
 * <pre>{@code
 * WorkflowRun run = engine.execute("container-health", Json.object(), "alice").join();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface WorkflowEngine {

    /** All definitions, sorted by id. */
    List<WorkflowDefinition> definitions();

    Optional<WorkflowDefinition> definition(String workflowId);

    /**
     * Validates and stores a definition (JSON object, or a parsed YAML document), replacing one
     * with the same id.
     *
     * @throws WorkflowValidationException naming the step and field that are wrong
     */
    WorkflowDefinition saveDefinition(ObjectNode document);

    /** Deletes a definition; false when there was none. Runs already started keep their snapshot. */
    boolean deleteDefinition(String workflowId);

    /**
     * Starts a run and returns its id at once (the run may be queued).
     *
     * @throws UnknownWorkflowException when there is no such workflow
     * @throws WorkflowValidationException when the inputs do not match the declared ones
     * @throws IllegalStateException when the run queue is full or the engine is stopped
     */
    String start(String workflowId, ObjectNode inputs, String requestedBy);

    /**
     * Starts a run and completes when it ends (completed, failed or cancelled) — never
     * exceptionally for a failed run: the run's status says.
     *
     * @throws UnknownWorkflowException, WorkflowValidationException, IllegalStateException as {@link #start}
     */
    default CompletableFuture<WorkflowRun> execute(String workflowId, ObjectNode inputs, String requestedBy) {
        return completion(start(workflowId, inputs, requestedBy));
    }

    /**
     * Completes with the run when it ends. For a run that has already ended, completes at once.
     *
     * @throws UnknownWorkflowException when there is no such execution
     */
    CompletableFuture<WorkflowRun> completion(String runId);

    /** A run with its step records. */
    Optional<WorkflowRun> run(String runId);

    /** Recent runs, newest first, without step records; {@code workflowId} may be null for all. */
    List<WorkflowRun> runs(String workflowId, int limit);

    /**
     * Cancels a run: running steps are cancelled (agent tasks, timers, HTTP requests).
     *
     * @return false when the run had already ended
     * @throws UnknownWorkflowException when there is no such execution
     */
    boolean cancel(String runId, String reason);

    /**
     * Decides a pending approval of a run.
     *
     * @param stepKey the approval step's key, or {@code null} when the run has exactly one pending
     * @param approved approve or reject
     * @param by who decided
     * @param comment optional comment
     * @return the decision as recorded (the approval step's output)
     * @throws UnknownWorkflowException when there is no such execution
     * @throws IllegalStateException when nothing (or more than one thing, with no key) awaits approval
     */
    JsonNode decide(String runId, String stepKey, boolean approved, String by, String comment);

    /** Counts for health and status: active, queued, waiting approvals, definitions. */
    ObjectNode stats();
}
