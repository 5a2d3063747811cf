package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a ChainBot workflow for the {@code workflow} framework agent: a local one through the
 * workflow engine, a remote one ({@code remote:<id>}) through the remote connector.
 */
public interface WorkflowRunner {

    /** Whether a workflow of this id can be run now. */
    boolean exists(String workflowId);

    /**
     * Runs the workflow and completes with its result document ({@code status}, {@code result},
     * {@code error}, ...). Fails with {@link IllegalArgumentException} for an unknown workflow.
     */
    CompletableFuture<JsonNode> run(String workflowId, ObjectNode inputs, String requestedBy);
}
