package dev.alexos.watchtower.internal.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.engine.EngineEvent;
import dev.alexos.watchtower.internal.engine.EngineException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What an engine event means for an {@link EndpointMonitor}'s picture: the status it implies
 * at once (the inspect that follows fills in the details), health changes, deaths counted for
 * restart loops, OOM kills, and removals. Runs on the monitor's serial executor, one event at a
 * time; not thread-safe on its own.
 */
final class ContainerEvents {
    /** Event verbs that change nothing we show (health-check execs, attach, resize, signals). */
    private static final Set<String> IGNORED = Set.of("exec_create", "exec_start", "exec_die", "exec_detach",
            "attach", "detach", "resize", "top", "export", "commit", "copy", "archive-path", "extract-to-dir",
            "kill", "mount", "unmount", "stop", "cleanup", "init", "prune");

    private final EndpointSettings endpoint;
    private final WatchtowerSettings settings;
    private final Clock clock;
    private final EndpointMonitor.Publisher publisher;
    private final Inventory inventory;
    private final RestartLoopDetector loops;
    /** Re-reads a container from the engine (id, cause); throws {@link EngineException}. */
    private final BiConsumer<String, String> refresh;
    /** Forgets a container (id, reason). */
    private final BiConsumer<String, String> unregister;

    ContainerEvents(EndpointSettings endpoint, WatchtowerSettings settings, Clock clock, EndpointMonitor.Publisher publisher,
            Inventory inventory, RestartLoopDetector loops, BiConsumer<String, String> refresh,
            BiConsumer<String, String> unregister) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.clock = clock;
        this.publisher = publisher;
        this.inventory = inventory;
        this.loops = loops;
        this.refresh = refresh;
        this.unregister = unregister;
    }

    /** Whether an event with this verb changes nothing we show. */
    boolean ignores(String verb) {
        return IGNORED.contains(verb);
    }

    /**
     * Applies one (not ignored) event to the picture and publishes what it means.
     *
     * @throws EngineException when re-reading the container from the engine fails
     */
    void apply(EngineEvent e) {
        String verb = e.verb();
        String id = e.containerId();
        switch (verb) {
            case "destroy" -> unregister.accept(id, "destroyed");
            case "health_status" -> health(id, e);
            case "oom" -> {
                ObjectNode data = inventory.get(id).map(t -> Inventory.about(t.info())).orElseGet(() -> about(id, e));
                publisher.publish("container_oom", data);
                refresh.accept(id, "oom");
            }
            case "die" -> {
                int deaths = loops.recordDeath(id, clock.instant());
                int exit = parseInt(e.attributes().get("exitCode"));
                transition(id, "exited", exit, "die", e.time());
                if (deaths > 0) {
                    ObjectNode data = inventory.get(id).map(t -> Inventory.about(t.info()))
                            .orElseGet(() -> about(id, e));
                    data.put("deaths", deaths).put("window_seconds", settings.restartLoopWindow().toSeconds());
                    publisher.publish("container_restarting_loop", data);
                }
                refresh.accept(id, "die");
            }
            case "start", "unpause" -> {
                transition(id, "running", null, verb, e.time());
                refresh.accept(id, verb);
            }
            case "pause" -> transition(id, "paused", null, "pause", e.time());
            default -> refresh.accept(id, verb); // create, restart, rename, update, ...
        }
    }

    /** Applies the status an event implies at once (the inspect that follows fills in the details). */
    private void transition(String id, String status, Integer exitCode, String cause, Instant eventTime) {
        inventory.setStatus(id, status, exitCode, cause, eventTime);
    }

    private void health(String id, EngineEvent e) {
        String action = e.action();
        int colon = action.indexOf(':');
        String health = colon >= 0 ? action.substring(colon + 1).strip() : e.attributes().getOrDefault("health_status", "");
        if (health.isEmpty() || !inventory.setHealth(id, health, "health_status", e.time())) {
            refresh.accept(id, "health_status");
        }
    }

    private ObjectNode about(String id, EngineEvent e) {
        ObjectNode data = Json.object();
        data.put("id", id).put("name", e.attributes().getOrDefault("name", ""))
                .put("image", e.attributes().getOrDefault("image", "")).put("endpoint", endpoint.name());
        return data;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
