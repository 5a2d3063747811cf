package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.json.Json;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code remote:<id>} half of the workflow routes: the remote ChainBot's workflows listed,
 * shown and executed beside the local ones. With no remote configured a {@code remote:} id is
 * simply unknown (404).
 */
final class RemoteRouteSupport {
    private final Optional<RemoteWorkflows> remote;
    private final Clock clock;

    RemoteRouteSupport(Optional<RemoteWorkflows> remote, Clock clock) {
        this.remote = remote;
        this.clock = clock;
    }

    static boolean isRemote(String id) {
        return id.startsWith(RemoteWorkflows.PREFIX);
    }

    /** Appends the remote's workflows to a listing and adds {@code remote: {...}} about their copy. */
    void addTo(ArrayNode workflows, ObjectNode listing) {
        remote.ifPresent(r -> {
            r.list().forEach(workflows::add);
            listing.set("remote", r.copyInfo());
        });
    }

    ObjectNode get(String id) {
        return known(id).find(remoteId(id)).orElseThrow(() -> ApiException.notFound("workflow", id));
    }

    /** PUT and DELETE: the definition lives on the remote, so it is changed there, not here. */
    ApiException managedRemotely(String id) {
        return new ApiException(405, "method_not_allowed", "workflow '" + id
                + "' is a remote workflow: remote workflows are managed on the remote ChainBot");
    }

    /** Runs on the remote and answers like a local execution (http-api.md); 202 when {@code wait} is 0. */
    Object execute(String id, ObjectNode inputs, int wait) throws InterruptedException {
        RemoteWorkflows r = known(id);
        String remoteId = remoteId(id);
        if (r.find(remoteId).isEmpty()) {
            throw ApiException.notFound("workflow", id);
        }
        CompletableFuture<JsonNode> call = r.execute(remoteId, inputs, wait);
        JsonNode answer;
        try {
            answer = call.get(r.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw ApiException.upstreamTimeout("remote ChainBot did not answer for workflow '" + id + "' within "
                    + r.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException a) {
                throw a;
            }
            throw ApiException.upstream("remote ChainBot failed to run workflow '" + id + "': " + e.getCause());
        }
        ObjectNode o = answer(id, answer);
        return wait == 0 ? ApiResponse.accepted(o) : o;
    }

    /**
     * The remote's answer in our shape. Its execution id is shown as {@code remote:<id>} (it is the
     * remote's, not in our history); an answer without a status (an original ChainBot's plain result)
     * is {@code failed} when it carries an error and {@code completed} otherwise, since the remote
     * answered 2xx to a synchronous call.
     */
    private ObjectNode answer(String id, JsonNode a) {
        ObjectNode o = Json.object();
        o.put("workflow_id", id);
        String exec = text(a, "execution_id");
        o.put("execution_id", exec == null ? null : RemoteWorkflows.PREFIX + exec);
        String error = a.path("error").isNull() || a.path("error").isMissingNode() ? null
                : a.get("error").isTextual() ? a.get("error").asText() : a.get("error").toString();
        String status = text(a, "status");
        o.put("status", status != null ? status : error != null ? "failed" : "completed");
        o.set("result", a.isObject() && a.has("result") ? a.get("result") : a);
        o.put("error", error);
        o.put("started_at", text(a, "started_at"));
        o.put("completed_at", text(a, "completed_at"));
        o.put("source", "remote");
        o.put("timestamp", clock.instant().toString());
        return o;
    }

    private static String text(JsonNode a, String field) {
        return a.path(field).isValueNode() && !a.get(field).isNull() ? a.get(field).asText() : null;
    }

    private RemoteWorkflows known(String id) {
        return remote.orElseThrow(() -> new ApiException(404, "not_found", "workflow '" + id
                + "' does not exist: no remote ChainBot is configured (chainbot.api_url / CHAINBOT_API_URL)"));
    }

    private static String remoteId(String id) {
        return id.substring(RemoteWorkflows.PREFIX.length());
    }
}
