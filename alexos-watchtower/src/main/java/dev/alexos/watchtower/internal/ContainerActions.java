package dev.alexos.watchtower.internal;

import dev.alexos.core.AgentContext;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.engine.DockerEngine;
import dev.alexos.watchtower.internal.engine.EngineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, stop, restart and remove, for routes and for the agent's tasks alike. Each action
 * is done on the engine, then written to the ledger (who, what, on which container, outcome)
 * and published as {@code watchtower.container_action}, whether it succeeded or not.
 * Thread-safe.
 */
public final class ContainerActions {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerActions.class);
    /** The actions, as named in tasks ({@code container.<action>}) and routes. */
    public static final Set<String> ACTIONS = Set.of("start", "stop", "restart", "remove");

    private final Watchtower watchtower;

    public ContainerActions(Watchtower watchtower) {
        this.watchtower = watchtower;
    }

    /**
     * Does {@code action} on the container {@code ref}.
     *
     * @param endpoint restricts the lookup to one endpoint, or {@code null}
     * @param force for {@code remove}: remove a running container too
     * @param who the caller, for the ledger
     * @return {@code {action, container: {id, name, endpoint}, outcome, ledger_seq}}; outcome
     *     {@code succeeded} or {@code no_change} (already in that state)
     * @throws ApiException 400/404/409 for the reference, 409 for the engine's conflicts, 502 with
     *     the engine's message, 504 when it does not answer
     */
    public Map<String, Object> act(String action, String ref, String endpoint, boolean force, String who) {
        if (!ACTIONS.contains(action)) {
            throw ApiException.badRequest("action", "'" + Watchtower.abbreviate(action) + "' is not one of " + ACTIONS);
        }
        AgentContext ctx = watchtower.context();
        Watchtower.Found found = watchtower.find(ref, endpoint);
        ContainerInfo c = found.info();
        DockerEngine engine = found.monitor().engine();
        String outcome = "succeeded";
        EngineException failure = null;
        try {
            int timeout = watchtower.settings().stopTimeout();
            switch (action) {
                case "start" -> engine.start(c.id());
                case "stop" -> engine.stop(c.id(), timeout);
                case "restart" -> engine.restart(c.id(), timeout);
                default -> engine.remove(c.id(), force);
            }
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_MODIFIED) {
                outcome = "no_change";
            } else {
                outcome = "failed";
                failure = e;
            }
        }
        found.monitor().refreshLater(c.id(), action);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("action", action);
        record.put("container_id", c.id());
        record.put("container_name", c.name());
        record.put("image", c.image());
        record.put("endpoint", c.endpoint());
        record.put("requested_by", who == null ? "system" : who);
        record.put("outcome", outcome);
        if (failure != null) {
            record.put("error", failure.getMessage());
        }
        Long seq = appendToLedger(ctx, record);
        ctx.publish("container_action", Json.mapper().valueToTree(record));
        if (failure != null) {
            throw Watchtower.toApi(failure, c.name());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", action);
        answer.put("container", Map.of("id", c.id(), "name", c.name(), "endpoint", c.endpoint()));
        answer.put("outcome", outcome);
        answer.put("ledger_seq", seq);
        answer.put("timestamp", ctx.clock().instant());
        return answer;
    }

    /** Appends and waits until it is durable; a ledger failure is logged and reported as a null sequence. */
    private static Long appendToLedger(AgentContext ctx, Map<String, Object> record) {
        try {
            LedgerEntry entry = ctx.ledger().append("watchtower.container_action", record).get(30, TimeUnit.SECONDS);
            return entry.seq();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.error("watchtower: could not write the ledger entry for {} of {}: {}", record.get("action"),
                    record.get("container_name"), e.toString());
            return null;
        }
    }
}
