package dev.alexos.chainbot.internal.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Health;
import dev.alexos.core.Scheduler;
import dev.alexos.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a copy of a remote ChainBot's agents and workflows. Health checks every
 * {@code health_check_interval} while the remote is up and back off (doubling, up to
 * {@code max_backoff}) while it is down; syncs every {@code sync_interval} while it is up, and
 * at once when it comes back. A failed sync keeps the last good copy and says how stale it is.
 * Remote agents are mirrored into the registry ({@link RemoteAgent}). All waiting goes through
 * the {@link Scheduler}. Publishes {@code chainbot.chainbot_health_check},
 * {@code chainbot.remote_synced}, {@code chainbot.remote_sync_failed}. Thread-safe.
 */
public final class RemoteConnector {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteConnector.class);
    private final RemoteSettings settings;
    private final RemoteClient client;
    private final AgentRegistry registry;
    private final Scheduler scheduler;
    private final Clock clock;
    private final BiConsumer<String, ObjectNode> publish;
    private final Map<String, RemoteAgent> agents = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile List<ObjectNode> workflows = List.of();
    private volatile String status = "checking";
    private volatile Instant lastOk;
    private volatile Instant lastCheck;
    private volatile String lastError;
    private volatile Instant lastSync;
    private volatile String lastSyncError;
    private volatile int failures;
    private volatile boolean stopped;
    private Cancellable nextCheck = () -> { };
    private Cancellable nextSync = () -> { };

    public RemoteConnector(RemoteSettings settings, RemoteClient client, AgentRegistry registry, Scheduler scheduler,
            Clock clock, BiConsumer<String, ObjectNode> publish) {
        this.settings = settings;
        this.client = client;
        this.registry = registry;
        this.scheduler = scheduler;
        this.clock = clock;
        this.publish = publish;
    }

    /** Starts checking at once; the first sync follows the first good check. */
    public void start() {
        synchronized (lock) {
            stopped = false;
            nextCheck = scheduler.schedule(Duration.ZERO, this::check);
        }
    }

    /** Stops the schedule and removes the mirrored agents. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            nextCheck.cancel();
            nextSync.cancel();
        }
        for (String id : List.copyOf(agents.keySet())) {
            registry.unregister(RemoteAgent.PREFIX + id);
        }
        agents.clear();
    }

    /** Runs one health check now (and schedules the next). */
    public CompletableFuture<Void> check() {
        lastCheck = clock.instant();
        return client.health().handle((remoteStatus, err) -> {
            boolean wasDown = !"up".equals(status);
            ObjectNode ev = Json.object().put("remote_url", settings.displayUrl());
            Duration next;
            if (err == null) {
                failures = 0;
                lastOk = clock.instant();
                lastError = null;
                status = "up";
                ev.put("status", "healthy").put("reachable", true).put("remote_status", remoteStatus);
                next = settings.healthCheckInterval();
                if (wasDown) {
                    LOG.info("remote ChainBot {} is reachable", settings.displayUrl());
                }
            } else {
                failures++;
                lastError = Failures.message(err);
                if (!"down".equals(status)) {
                    LOG.warn("remote ChainBot {} is unreachable: {}", settings.displayUrl(), lastError);
                }
                status = "down";
                next = backoff(failures);
                ev.put("status", "unreachable").put("reachable", false).put("error", lastError)
                        .put("consecutive_failures", failures);
            }
            ev.put("next_check_in_ms", next.toMillis());
            publish.accept("chainbot_health_check", ev);
            synchronized (lock) {
                if (!stopped) {
                    nextCheck.cancel();
                    nextCheck = scheduler.schedule(next, this::check);
                    if (err == null && wasDown) {
                        nextSync.cancel();
                        nextSync = scheduler.schedule(Duration.ZERO, this::scheduledSync);
                    }
                }
            }
            return null;
        });
    }

    /** The wait before the next check after {@code n} failures in a row. */
    Duration backoff(int n) {
        Duration d = settings.healthCheckInterval().multipliedBy(1L << Math.min(Math.max(n - 1, 0), 16));
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    private void scheduledSync() {
        CompletableFuture<Void> f = "up".equals(status) ? sync() : CompletableFuture.completedFuture(null);
        f.whenComplete((v, e) -> {
            synchronized (lock) {
                if (!stopped) {
                    nextSync.cancel();
                    nextSync = scheduler.schedule(settings.syncInterval(), this::scheduledSync);
                }
            }
        });
    }

    /** Fetches agents and workflows now; on failure keeps the last good copy. */
    public CompletableFuture<Void> sync() {
        CompletableFuture<ArrayNode> alex = client.list("/api/chainbot/alex-agents");
        CompletableFuture<ArrayNode> ai = client.list("/api/chainbot/ai-agents");
        CompletableFuture<ArrayNode> wfs = client.list("/api/chainbot/workflows");
        return CompletableFuture.allOf(alex, ai, wfs).handle((v, err) -> {
            if (err != null) {
                lastSyncError = Failures.message(err);
                LOG.warn("sync with remote ChainBot {} failed, keeping the copy from {}: {}", settings.displayUrl(),
                        lastSync == null ? "never" : lastSync, lastSyncError);
                publish.accept("remote_sync_failed", Json.object().put("remote_url", settings.displayUrl())
                        .put("error", lastSyncError).put("stale_seconds", staleSeconds()));
                return null;
            }
            Map<String, ObjectNode> alexAgents = byId(alex.join());
            Map<String, ObjectNode> aiAgents = byId(ai.join());
            apply(alexAgents, "alex");
            apply(aiAgents, "ai");
            agents.keySet().removeIf(id -> {
                RemoteAgent a = agents.get(id);
                boolean gone = a.kind().equals("alex") ? !alexAgents.containsKey(id) : !aiAgents.containsKey(id);
                if (gone && !(alexAgents.containsKey(id) || aiAgents.containsKey(id))) {
                    registry.unregister(RemoteAgent.PREFIX + id);
                    return true;
                }
                return false;
            });
            workflows = List.copyOf(byId(wfs.join()).values());
            lastSync = clock.instant();
            lastSyncError = null;
            publish.accept("remote_synced", Json.object().put("remote_url", settings.displayUrl())
                    .put("alex_agents", alexAgents.size()).put("ai_agents", aiAgents.size())
                    .put("workflows", workflows.size()));
            return null;
        });
    }

    private void apply(Map<String, ObjectNode> remote, String kind) {
        remote.forEach((id, data) -> {
            RemoteAgent existing = agents.get(id);
            if (existing != null) {
                existing.update(data, settings.displayUrl());
                return;
            }
            if (registry.find(RemoteAgent.PREFIX + id).isPresent()) {
                return; // listed twice by the remote (alex and ai): the first one wins
            }
            RemoteAgent agent = new RemoteAgent(id, kind, data, settings.displayUrl(), this::connectionHealth);
            registry.register(agent);
            agents.put(id, agent);
        });
    }

    /** Objects with a usable id, keyed by it; other entries are skipped. */
    private static Map<String, ObjectNode> byId(ArrayNode items) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (JsonNode n : items) {
            if (n.isObject() && n.path("id").isValueNode() && !n.get("id").asText().isBlank()
                    && n.get("id").asText().length() <= 120) {
                out.putIfAbsent(n.get("id").asText(), (ObjectNode) n);
            }
        }
        return out;
    }

    private Health connectionHealth() {
        return "down".equals(status) ? Health.degraded("remote ChainBot unreachable; copy is " + staleSeconds() + " s old")
                : Health.healthy();
    }

    /** The module-level verdict: degraded while unreachable or while the copy is stale. */
    public Health health() {
        Map<String, Object> d = new LinkedHashMap<>(describe());
        d.values().removeIf(java.util.Objects::isNull); // health details are non-null facts
        if ("down".equals(status)) {
            return new Health(Health.Status.DEGRADED, "remote ChainBot " + settings.displayUrl() + " is unreachable: "
                    + lastError, d);
        }
        if (lastSyncError != null) {
            return new Health(Health.Status.DEGRADED, "the last sync with remote ChainBot failed: " + lastSyncError, d);
        }
        return new Health(Health.Status.HEALTHY, "", d);
    }

    /** {@code {url, status, last_ok, last_error, last_sync, last_sync_error, stale_seconds, ...}}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", settings.displayUrl());
        m.put("status", status.equals("up") ? "healthy" : status.equals("down") ? "unreachable" : "checking");
        m.put("last_ok", lastOk == null ? null : lastOk.toString());
        m.put("last_error", lastError);
        m.put("last_check", lastCheck == null ? null : lastCheck.toString());
        m.put("last_sync", lastSync == null ? null : lastSync.toString());
        m.put("last_sync_error", lastSyncError);
        m.put("stale_seconds", staleSeconds());
        m.put("consecutive_failures", failures);
        m.put("agents", agents.size());
        m.put("workflows", workflows.size());
        m.put("health_check_interval_s", settings.healthCheckInterval().toSeconds());
        m.put("sync_interval_s", settings.syncInterval().toSeconds());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Seconds since the last good sync, or null when there was none. */
    public Long staleSeconds() {
        return lastSync == null ? null : Duration.between(lastSync, clock.instant()).toSeconds();
    }

    public Instant lastSync() {
        return lastSync;
    }

    public boolean reachable() {
        return "up".equals(status);
    }

    /** Mirrored agents of one kind ({@code alex} or {@code ai}). */
    public List<RemoteAgent> agents(String kind) {
        List<RemoteAgent> out = new ArrayList<>();
        agents.values().forEach(a -> {
            if (a.kind().equals(kind)) {
                out.add(a);
            }
        });
        out.sort(java.util.Comparator.comparing(RemoteAgent::remoteId));
        return out;
    }

    /** The remote's workflows as last synced, each with {@code source: "remote"}. */
    public List<ObjectNode> workflows() {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode w : workflows) {
            ObjectNode c = w.deepCopy();
            c.put("remote_id", w.get("id").asText());
            c.put("id", RemoteAgent.PREFIX + w.get("id").asText());
            c.put("source", "remote");
            c.put("stale", !reachable());
            out.add(c);
        }
        return out;
    }

    /** A remote workflow by its remote id. */
    public Optional<ObjectNode> workflow(String remoteId) {
        return workflows.stream().filter(w -> w.get("id").asText().equals(remoteId)).findFirst();
    }

    /** Executes a remote workflow (by its remote id) and completes with the remote's answer. */
    public CompletableFuture<JsonNode> execute(String remoteId, ObjectNode inputs) {
        return client.execute(remoteId, inputs);
    }

    /** As {@link #execute(String, ObjectNode)}, asking the remote to wait up to {@code waitSeconds}. */
    public CompletableFuture<JsonNode> execute(String remoteId, ObjectNode inputs, int waitSeconds) {
        return client.execute(remoteId, inputs, waitSeconds);
    }
}
