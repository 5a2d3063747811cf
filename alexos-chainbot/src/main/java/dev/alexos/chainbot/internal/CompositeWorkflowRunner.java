package dev.alexos.chainbot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.framework.WorkflowRunner;
import dev.alexos.chainbot.internal.remote.RemoteAgent;
import dev.alexos.chainbot.internal.remote.RemoteConnector;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Runs {@code remote:<id>} through the remote connector and anything else on the local engine. */
public final class CompositeWorkflowRunner implements WorkflowRunner {
    private final Supplier<LocalWorkflows> local;
    private final Optional<RemoteConnector> remote;

    public CompositeWorkflowRunner(Supplier<LocalWorkflows> local, Optional<RemoteConnector> remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public boolean exists(String workflowId) {
        if (workflowId.startsWith(RemoteAgent.PREFIX)) {
            return remote.map(r -> r.workflow(workflowId.substring(RemoteAgent.PREFIX.length())).isPresent()).orElse(false);
        }
        return local.get().exists(workflowId);
    }

    @Override
    public CompletableFuture<JsonNode> run(String workflowId, ObjectNode inputs, String requestedBy) {
        if (workflowId.startsWith(RemoteAgent.PREFIX)) {
            if (remote.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "workflow '" + workflowId + "' is remote but no remote ChainBot is configured (CHAINBOT_API_URL)"));
            }
            return remote.get().execute(workflowId.substring(RemoteAgent.PREFIX.length()), inputs);
        }
        return local.get().run(workflowId, inputs, requestedBy);
    }
}
