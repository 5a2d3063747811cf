package dev.alexos.chainbot.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The persisted record of one step of one run.
 *
 * @param stepKey unique within the run: the step's path, e.g. {@code each[2]/restart}
 * @param stepId the step's id in the definition
 * @param type the step type's wire name
 * @param status current status
 * @param input the resolved configuration the step ran with (secret-looking values redacted)
 * @param output the step's output, or {@code null}
 * @param error why it failed, or {@code null}
 * @param attempts attempts made so far
 * @param startedAt when the first attempt started
 * @param completedAt when it ended, or {@code null}
 * @param state engine bookkeeping needed to resume (a wait's wake-up time, a child run id)
 */
public record StepRecord(
        String stepKey, String stepId, String type, StepStatus status, JsonNode input, JsonNode output, String error,
        int attempts, Instant startedAt, Instant completedAt, JsonNode state) {
}
