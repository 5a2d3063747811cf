package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A remote ChainBot's workflows as the workflow routes see them: the connector's last good copy
 * and a way to run one there. Ids here are the remote's own (without {@link #PREFIX}); the routes
 * show them as {@code remote:<id>}. Implemented over the remote connector, which exists only when
 * {@code chainbot.api_url} is set. Thread-safe.
 */
public interface RemoteWorkflows {
    /** How the routes tell a remote workflow's id from a local one (local ids cannot hold ':'). */
    String PREFIX = "remote:";

    /** The last good copy, each with {@code id: "remote:<id>"}, {@code remote_id}, {@code source: "remote"} and staleness. */
    List<ObjectNode> list();

    /** One workflow of the last good copy, shown like the items of {@link #list()}. */
    Optional<ObjectNode> find(String remoteId);

    /** Facts about the copy: {@code {url, status, last_sync, stale_seconds, last_sync_error}}. */
    ObjectNode copyInfo();

    /**
     * Runs a workflow on the remote, passing {@code wait} on; completes with the remote's answer, or
     * fails with an {@link dev.alexos.core.http.ApiException} (502 failed or unreachable, 504 timed
     * out, the remote's own 4xx when it refused the request).
     */
    CompletableFuture<JsonNode> execute(String remoteId, ObjectNode inputs, int waitSeconds);

    /** How long a remote execution may take before the caller gives up (504). */
    Duration timeout();
}
