package dev.alexos.chainbot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * The local workflow engine as the agents side sees it (adapted from the engine's own API when
 * it is present). {@link #NONE} stands for "no engine in this build": nothing exists, runs fail
 * saying so.
 */
public interface LocalWorkflows {

    LocalWorkflows NONE = new LocalWorkflows() {
        @Override
        public boolean exists(String id) {
            return false;
        }

        @Override
        public int count() {
            return 0;
        }

        @Override
        public CompletableFuture<JsonNode> run(String id, ObjectNode inputs, String requestedBy) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the local workflow engine is not available, so workflow '" + id + "' cannot run"));
        }
    };

    boolean exists(String id);

    int count();

    CompletableFuture<JsonNode> run(String id, ObjectNode inputs, String requestedBy);
}
