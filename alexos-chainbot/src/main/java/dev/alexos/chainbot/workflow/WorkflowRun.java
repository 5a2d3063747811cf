package dev.alexos.chainbot.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A run (execution) of a workflow, as persisted.
 *
 * @param id execution id
 * @param workflowId the workflow's id
 * @param parentRunId the parent run for a sub-workflow, or {@code null}
 * @param status current status
 * @param inputs the inputs it was started with (defaults applied)
 * @param result the result when completed, or {@code null}
 * @param error why it failed or was cancelled, or {@code null}
 * @param requestedBy who started it
 * @param createdAt when it was accepted
 * @param startedAt when it started running, or {@code null} while queued
 * @param completedAt when it ended, or {@code null}
 * @param resumeCount how many times it was resumed after an engine restart
 * @param steps per-step records, in start order (empty in list views)
 */
public record WorkflowRun(
        String id, String workflowId, String parentRunId, RunStatus status, JsonNode inputs, JsonNode result,
        String error, String requestedBy, Instant createdAt, Instant startedAt, Instant completedAt, int resumeCount,
        List<StepRecord> steps) {

    public WorkflowRun {
        steps = List.copyOf(steps == null ? List.of() : steps);
    }

    /** A copy with these step records. */
    public WorkflowRun withSteps(List<StepRecord> newSteps) {
        return new WorkflowRun(id, workflowId, parentRunId, status, inputs, result, error, requestedBy, createdAt,
                startedAt, completedAt, resumeCount, newSteps);
    }
}
