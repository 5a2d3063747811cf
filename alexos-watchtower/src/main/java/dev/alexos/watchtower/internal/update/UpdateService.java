package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.alexos.core.AgentContext;
import dev.alexos.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects and applies image updates across the watched engines: one registry check per image
 * per run (not per container), the containers' policies, dependency order, one update per
 * container at a time, and a record of everything in the history, the ledger and as events
 * ({@code watchtower.update_detected}, {@code update_applied}, {@code update_failed},
 * {@code update_rolled_back}). Configured webhook URLs get a JSON summary of each run.
 *
 * <p>Thread-safe. {@link #check()} and {@link #update} block (registry and engine calls): call
 * them from a worker.
 */
public final class UpdateService {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateService.class);

    /** An engine the service may update containers on. */
    public record Endpoint(String name, DockerClient docker, SafeUpdater updater) {
    }

    /** Thrown when a container already has an update running (HTTP 409). */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String name) {
            super("an update of container '" + name + "' is already running");
        }
    }

    private final List<Endpoint> endpoints;
    private final UpdateTargets targets;
    private final RegistryClient registry;
    private final UpdateHistory history;
    private final AgentContext context;
    private final List<URI> notifyUrls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    /** container name + new digest → when first detected (for events once, and the cool-down). */
    private final Map<String, Instant> detected = new ConcurrentHashMap<>();
    /** The result of the newest check, for "updates pending" views without asking registries again. */
    private volatile List<UpdateCandidate> lastCheck = List.of();
    private volatile UpdateSettings settings;

    public UpdateService(List<Endpoint> endpoints, RegistryClient registry, UpdateHistory history, AgentContext context,
            UpdateSettings settings, List<URI> notifyUrls) {
        this.endpoints = List.copyOf(endpoints);
        this.targets = new UpdateTargets(this.endpoints);
        this.registry = registry;
        this.history = history;
        this.context = context;
        this.settings = settings;
        this.notifyUrls = List.copyOf(notifyUrls);
    }

    public UpdateSettings settings() {
        return settings;
    }

    /** Replaces the settings (validated by the caller) and records the change in the ledger. */
    public void settings(UpdateSettings next, String by) {
        UpdateSettings before = settings;
        settings = next;
        context.ledger().append("watchtower.config_changed", Map.of("by", by, "before", before.describe(), "after", next.describe()));
    }

    /** Finishes or rolls back updates interrupted by a crash; records what it did. */
    public List<UpdateRecord> recover() {
        List<UpdateRecord> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            for (UpdateRecord r : e.updater().recover()) {
                finishRecord(r, e.name());
                out.add(r);
            }
        }
        return out;
    }

    /** Checks every watched container; one registry request per distinct image. */
    public List<UpdateCandidate> check() {
        UpdateSettings s = settings;
        Map<String, List<UpdateTargets.Watched>> byImage = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            List<Container> list;
            try {
                list = e.docker().listContainersCmd().withShowAll(true).exec();
            } catch (RuntimeException ex) {
                LOG.warn("update check: endpoint {} not reachable: {}", e.name(), ex.getMessage());
                continue;
            }
            for (Container c : list) {
                UpdateTargets.Watched w = targets.watched(e, c.getId(), s);
                if (w != null) {
                    byImage.computeIfAbsent(w.ref().key(), k -> new ArrayList<>()).add(w);
                }
            }
        }
        List<UpdateCandidate> out = new ArrayList<>();
        Instant now = context.clock().instant();
        byImage.forEach((key, group) -> {
            String remote = null;
            String error = null;
            try {
                remote = registry.remoteDigest(group.get(0).ref());
            } catch (RegistryException ex) {
                error = ex.getMessage();
            }
            for (UpdateTargets.Watched w : group) {
                boolean available = remote != null && !w.localDigests().contains(remote);
                String current = w.localDigests().isEmpty() ? null : w.localDigests().get(0);
                Instant seenBefore = available ? detected.putIfAbsent(w.name() + "@" + remote, now) : null;
                boolean first = available && seenBefore == null;
                Instant firstSeen = seenBefore != null ? seenBefore : now;
                Instant published = null;
                Instant until = null;
                String basis = null;
                if (available && !w.policy().monitorOnly() && !s.coolDown().isZero()) {
                    // Only now (cool-down set, update pending) is the creation time worth registry requests.
                    try {
                        published = registry.createdAt(w.ref(), remote, targets.platform(w.endpoint())).orElse(null);
                        basis = published != null ? "image_created" : "first_seen (the registry's image has no creation time)";
                    } catch (RegistryException ex) {
                        basis = "first_seen (creation time unavailable: " + ex.getMessage() + ")";
                    }
                    until = (published != null ? published : firstSeen).plus(s.coolDown());
                }
                UpdateCandidate cand = new UpdateCandidate(w.endpoint().name(), w.id(), w.name(), w.image(), current, remote,
                        available,
                        w.policy().monitorOnly(), error, published, until, basis);
                out.add(cand);
                if (first) {
                    ObjectNode data = candidateJson(cand);
                    context.publish("update_detected", data);
                    context.ledger().append("watchtower.update_detected", data);
                }
            }
        });
        lastCheck = List.copyOf(out);
        return out;
    }

    /**
     * Containers the newest check found out of date, minus those updated since (by container
     * id: an applied update replaces the container). Empty until a check has run.
     */
    public List<UpdateCandidate> pending() {
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (UpdateRecord r : history.newest(1000)) {
            if (UpdateRecord.APPLIED.equals(r.outcome())) {
                replaced.add(r.oldContainerId());
            }
        }
        return lastCheck.stream().filter(c -> c.updateAvailable() && !replaced.contains(c.containerId())).toList();
    }

    /**
     * Checks, then applies what the policies allow: scheduled runs with {@code auto_update},
     * inside the maintenance window, after the cool-down, never monitor-only containers;
     * dependencies first.
     */
    public List<UpdateRecord> scheduledRun() {
        List<UpdateCandidate> candidates = check();
        UpdateSettings s = settings;
        Instant now = context.clock().instant();
        if (!s.autoUpdate() || !s.maintenanceWindow().isOpen(now)) {
            return List.of();
        }
        Map<String, UpdateCandidate> due = new LinkedHashMap<>();
        for (UpdateCandidate c : candidates) {
            boolean cooled = c.coolDownUntil() == null || !c.coolDownUntil().isAfter(now);
            if (c.updateAvailable() && !c.monitorOnly() && cooled) {
                due.put(c.containerName(), c);
            } else if (c.updateAvailable() && !c.monitorOnly()) {
                LOG.info("update of {} waits for its cool-down until {} ({})", c.containerName(), c.coolDownUntil(), c.coolDownBasis());
            }
        }
        Map<String, List<String>> deps = new HashMap<>();
        for (UpdateCandidate c : due.values()) {
            targets.endpoint(c.endpoint()).flatMap(e -> targets.inspect(e, c.containerId()))
                    .ifPresent(i -> deps.put(c.containerName(), UpdateTargets.dependencies(i)));
        }
        List<UpdateRecord> done = new ArrayList<>();
        for (String name : DependencyOrder.sort(new ArrayList<>(due.keySet()), deps)) {
            UpdateCandidate c = due.get(name);
            try {
                done.add(update(c.containerId(), "schedule", false));
            } catch (Busy busy) {
                LOG.info("scheduled update of {} skipped: {}", name, busy.getMessage());
            }
        }
        notifyRun(done);
        return done;
    }

    /**
     * Preview of an update: the digests, the configuration that is kept, and what the new
     * image supplies (its config, read from the registry without pulling). Registry failures
     * are part of the answer ({@code error}, {@code from_new_image_error}), not exceptions.
     *
     * @throws NotFoundException for an unknown container
     */
    public Map<String, Object> preview(String containerRef) {
        UpdateTargets.Located l = targets.locate(containerRef);
        ImageRef ref = ImageRef.parse(l.inspect().getConfig().getImage());
        List<String> local = targets.localDigests(l.endpoint(), l.inspect().getImageId(), ref);
        String remote = null;
        String error = null;
        if (!ref.pinnedByDigest()) {
            try {
                remote = registry.remoteDigest(ref);
            } catch (RegistryException e) {
                error = e.getMessage();
            }
        }
        com.fasterxml.jackson.databind.JsonNode newImage = null;
        String newImageError = null;
        if (remote != null && !local.contains(remote)) {
            try {
                newImage = registry.imageConfig(ref, remote, targets.platform(l.endpoint())).orElse(null);
            } catch (RegistryException e) {
                newImageError = e.getMessage();
            }
        }
        com.github.dockerjava.api.model.ContainerConfig oldImage = null;
        try {
            oldImage = l.endpoint().docker().inspectImageCmd(l.inspect().getImageId()).exec().getConfig();
        } catch (NotFoundException e) {
            // the old image is gone: everything the container has counts as its own (as ContainerSpec does)
        }
        return UpdatePreview.of(new UpdatePreview.Facts(l.endpoint().name(), l.inspect(), ref, local, remote, error, oldImage,
                newImage, newImageError, UpdatePolicy.of(l.inspect().getConfig().getLabels(), settings)));
    }

    /**
     * Updates one container now (on request: monitor-only containers are refused).
     *
     * @throws NotFoundException for an unknown container
     * @throws Busy when it is already being updated
     * @throws IllegalStateException when its policy forbids changes (monitor-only, disabled)
     */
    public UpdateRecord update(String containerRef, String requestedBy, boolean force) {
        UpdateTargets.Located l = targets.locate(containerRef);
        String name = UpdateTargets.name(l.inspect());
        UpdatePolicy policy = UpdatePolicy.of(l.inspect().getConfig().getLabels(), settings);
        if (!policy.watched()) {
            throw new IllegalStateException("container '" + name + "' is excluded from updates by its labels or label_enable");
        }
        if (policy.monitorOnly()) {
            throw new IllegalStateException("container '" + name + "' is monitor-only: updates are detected, never applied");
        }
        if (running.putIfAbsent(name, Boolean.TRUE) != null) {
            throw new Busy(name);
        }
        try {
            String remote = null;
            try {
                remote = registry.remoteDigest(ImageRef.parse(l.inspect().getConfig().getImage()));
            } catch (RegistryException | IllegalArgumentException e) {
                LOG.info("digest check before updating {}: {}", name, e.getMessage());
            }
            UpdateRecord r = l.endpoint().updater().update(l.inspect().getId(), requestedBy, remote, force);
            finishRecord(r, l.endpoint().name());
            return r;
        } finally {
            running.remove(name);
        }
    }

    /** The newest records first. */
    public List<UpdateRecord> history(int limit) {
        return history.newest(limit);
    }

    /** The newest {@code limit} records of the container named {@code containerName}, newest first. */
    public List<UpdateRecord> history(int limit, String containerName) {
        return history.newest(1000).stream().filter(r -> containerName.equals(r.containerName())).limit(limit).toList();
    }

    /**
     * Containers whose image matches one of {@code images}: registry and repository, and the
     * tag when the given reference names one.
     *
     * @throws IllegalArgumentException for a malformed reference
     */
    public List<String> containersUsing(List<String> images) {
        List<UpdateCandidate> all = check();
        List<String> out = new ArrayList<>();
        for (String wanted : images) {
            ImageRef w = ImageRef.parse(wanted);
            boolean tagGiven = wanted.substring(wanted.lastIndexOf('/') + 1).contains(":");
            for (UpdateCandidate c : all) {
                ImageRef ref = ImageRef.parse(c.image());
                if (w.registry().equals(ref.registry()) && w.repository().equals(ref.repository())
                        && (!tagGiven || w.tag().equals(ref.tag())) && !out.contains(c.containerId())) {
                    out.add(c.containerId());
                }
            }
        }
        return out;
    }

    private void finishRecord(UpdateRecord r, String endpoint) {
        history.append(r);
        ObjectNode data = Json.mapper().valueToTree(r);
        data.put("endpoint", endpoint);
        data.put("duration_ms", r.durationMs());
        String type = switch (r.outcome()) {
            case UpdateRecord.APPLIED -> "update_applied";
            case UpdateRecord.ROLLED_BACK -> "update_rolled_back";
            case UpdateRecord.UP_TO_DATE -> "update_checked";
            default -> "update_failed";
        };
        context.publish(type, data);
        context.ledger().append("watchtower." + type, data);
    }

    private void notifyRun(List<UpdateRecord> records) {
        if (records.isEmpty() || notifyUrls.isEmpty()) {
            return;
        }
        ObjectNode body = Json.object();
        body.put("source", "alexos-watchtower");
        body.put("time", context.clock().instant().toString());
        body.set("updates", Json.mapper().valueToTree(records));
        byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (URI url : notifyUrls) {
            HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((res, err) -> {
                if (err != null || res.statusCode() >= 300) {
                    LOG.warn("update notification to {} failed: {}", url.getHost(), err != null ? err.getMessage() : "status " + res.statusCode());
                }
            });
        }
    }

    private static ObjectNode candidateJson(UpdateCandidate c) {
        return Json.mapper().valueToTree(c);
    }
}
