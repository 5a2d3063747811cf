package dev.alexos.chainbot.internal.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.chainbot.internal.workflow.RemoteWorkflows;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link RemoteWorkflows} over the {@link RemoteConnector}'s last good copy and its client. */
public final class ConnectorWorkflows implements RemoteWorkflows {
    private final RemoteConnector connector;
    private final Duration timeout;

    public ConnectorWorkflows(RemoteConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeout = timeout;
    }

    @Override
    public List<ObjectNode> list() {
        Instants copy = copy();
        List<ObjectNode> out = connector.workflows();
        out.forEach(copy::stamp);
        return out;
    }

    @Override
    public Optional<ObjectNode> find(String remoteId) {
        Instants copy = copy();
        return connector.workflows().stream().filter(w -> w.path("remote_id").asText().equals(remoteId))
                .peek(copy::stamp).findFirst();
    }

    @Override
    public ObjectNode copyInfo() {
        Map<String, Object> d = connector.describe();
        ObjectNode o = Json.object();
        for (String k : List.of("url", "status", "last_sync", "stale_seconds", "last_sync_error")) {
            o.set(k, Json.mapper().valueToTree(d.get(k)));
        }
        return o;
    }

    @Override
    public CompletableFuture<JsonNode> execute(String remoteId, ObjectNode inputs, int waitSeconds) {
        return connector.execute(remoteId, inputs, waitSeconds).handle((answer, err) -> {
            if (err != null) {
                throw apiError(remoteId, err);
            }
            return answer;
        });
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /**
     * The API error for a failed remote execution: 504 on a timeout, the remote's own status when it
     * refused the request (4xx other than 401/403, which are our key's problem, not the caller's),
     * 502 otherwise; the message carries the remote's reason.
     */
    public static ApiException apiError(String remoteId, Throwable err) {
        Throwable c = Failures.unwrap(err);
        if (c instanceof ApiException a) {
            return a;
        }
        if (c instanceof RemoteException re && re.kind() == RemoteException.Kind.TIMEOUT) {
            return ApiException.upstreamTimeout("remote ChainBot did not finish workflow '" + remoteId + "' in time: "
                    + re.getMessage());
        }
        if (c instanceof RemoteException re && re.status() / 100 == 4 && re.status() != 401 && re.status() != 403) {
            return new ApiException(re.status(), "remote_rejected", "remote ChainBot: " + re.getMessage());
        }
        return ApiException.upstream("remote ChainBot failed to run workflow '" + remoteId + "': " + Failures.message(c));
    }

    private Instants copy() {
        return new Instants(connector.lastSync() == null ? null : connector.lastSync().toString(), connector.staleSeconds());
    }

    /** The copy's age, stamped onto each item so a client sees how old what it reads is. */
    private record Instants(String lastSync, Long staleSeconds) {
        void stamp(ObjectNode w) {
            w.put("last_sync", lastSync);
            w.put("stale_seconds", staleSeconds);
        }
    }
}
