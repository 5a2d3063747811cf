package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Types for approval steps that wait for a decision through the API. */
final class Approvals {
    private Approvals() {
    }

    /**
     * An approval waiting for a decision.
     *
     * @param stepId the step's id
     * @param stepKey the step's key in the run
     * @param message what is asked
     * @param requestedAt when it started waiting
     * @param decision completes with the decision (approved) or fails (rejected)
     */
    record Pending(String stepId, String stepKey, String message, Instant requestedAt, CompletableFuture<JsonNode> decision) {
    }
}
