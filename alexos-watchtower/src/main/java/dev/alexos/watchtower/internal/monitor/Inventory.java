package dev.alexos.watchtower.internal.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor.Publisher;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor.Tracked;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One endpoint's picture, and the events that tell how it changes: every write compares the
 * new entry with the old one and publishes {@code container_registered},
 * {@code container_status_changed}, {@code container_health_changed} or
 * {@code container_unregistered}. Written from the monitor's serial executor only; read from
 * any thread (a concurrent map of immutable entries).
 */
final class Inventory {
    private final Map<String, Tracked> containers = new ConcurrentHashMap<>();
    private final Publisher publisher;

    Inventory(Publisher publisher) {
        this.publisher = publisher;
    }

    Optional<Tracked> get(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    boolean contains(String id) {
        return containers.containsKey(id);
    }

    List<Tracked> all() {
        return new ArrayList<>(containers.values());
    }

    Set<String> ids() {
        return Set.copyOf(containers.keySet());
    }

    int size() {
        return containers.size();
    }

    /** Puts a freshly inspected entry; publishes what changed. */
    void put(ContainerInfo now, JsonNode inspect, String cause, Instant engineTime) {
        Tracked old = containers.put(now.id(), new Tracked(now, inspect));
        if (old == null) {
            ObjectNode data = Json.mapper().valueToTree(now);
            data.put("cause", cause);
            publisher.publish("container_registered", data);
            return;
        }
        publishChanges(old.info(), now, cause, engineTime);
    }

    /** Sets the status an event implies; nothing when the container is not known yet. */
    void setStatus(String id, String status, Integer exitCode, String cause, Instant engineTime) {
        Tracked t = containers.get(id);
        if (t == null) {
            return;
        }
        ContainerInfo o = t.info();
        int exit = exitCode == null ? o.exitCode() : exitCode;
        update(t, copy(o, status, o.health(), exit), cause, engineTime);
    }

    /** Sets the health an event reports; false when the container is not known yet. */
    boolean setHealth(String id, String health, String cause, Instant engineTime) {
        Tracked t = containers.get(id);
        if (t == null) {
            return false;
        }
        ContainerInfo o = t.info();
        update(t, copy(o, o.status(), health, o.exitCode()), cause, engineTime);
        return true;
    }

    /** Removes a container; publishes {@code container_unregistered} with the reason. */
    void remove(String id, String reason) {
        Tracked gone = containers.remove(id);
        if (gone != null) {
            ObjectNode data = about(gone.info());
            data.put("reason", reason);
            publisher.publish("container_unregistered", data);
        }
    }

    private void update(Tracked t, ContainerInfo now, String cause, Instant engineTime) {
        containers.put(now.id(), new Tracked(now, t.inspect()));
        publishChanges(t.info(), now, cause, engineTime);
    }

    private static ContainerInfo copy(ContainerInfo o, String status, String health, int exit) {
        return new ContainerInfo(o.id(), o.name(), o.image(), o.imageId(), status,
                InspectParser.describe(status, health, exit), health, o.created(), o.startedAt(), o.finishedAt(),
                exit, o.oomKilled(), o.restartCount(), o.ports(), o.labels(), o.networks(), o.mounts(), o.endpoint(),
                o.envNames());
    }

    private void publishChanges(ContainerInfo old, ContainerInfo now, String cause, Instant engineTime) {
        if (!old.status().equals(now.status())) {
            ObjectNode data = about(now);
            data.put("old_status", old.status()).put("new_status", now.status()).put("cause", cause);
            if ("exited".equals(now.status()) || "dead".equals(now.status())) {
                data.put("exit_code", now.exitCode());
            }
            engineTime(data, engineTime);
            publisher.publish("container_status_changed", data);
        }
        if (!old.health().equals(now.health())) {
            ObjectNode data = about(now);
            data.put("old_health", old.health()).put("new_health", now.health()).put("cause", cause);
            engineTime(data, engineTime);
            publisher.publish("container_health_changed", data);
        }
    }

    /** When the engine saw the change (its event's time), so consumers can tell delivery latency. */
    private static void engineTime(ObjectNode data, Instant engineTime) {
        if (engineTime != null && engineTime.getEpochSecond() > 0) {
            data.put("engine_time", engineTime.toString());
        }
    }

    static ObjectNode about(ContainerInfo c) {
        ObjectNode data = Json.object();
        data.put("id", c.id()).put("name", c.name()).put("image", c.image()).put("endpoint", c.endpoint());
        return data;
    }
}
