package dev.alexos.watchtower.internal.api;

import dev.alexos.core.Health;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.LogLine;
import dev.alexos.watchtower.StatsSample;
import dev.alexos.watchtower.internal.ContainerActions;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.engine.EngineException;
import dev.alexos.watchtower.internal.engine.ImageSummary;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watchtower's monitoring and action routes under {@code /api/watchtower} (see
 * {@code http-api.md}). Framework-neutral: the host adapts them.
 */
public final class WatchtowerRoutes {
    private static final String BASE = "/api/watchtower";
    private static final Set<String> STATUSES = Set.of("created", "running", "paused", "restarting", "removing",
            "exited", "dead");

    private final Watchtower watchtower;
    private final ContainerActions actions;
    private final String agentId;
    private final ContainerListJson listJson = new ContainerListJson();

    public WatchtowerRoutes(Watchtower watchtower, ContainerActions actions, String agentId) {
        this.watchtower = watchtower;
        this.actions = actions;
        this.agentId = agentId;
    }

    /** Every route, in the order of the API reference. */
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get(BASE + "/health", Role.PUBLIC, "Watchtower health: endpoints reachable, monitor running",
                        this::health),
                ApiRoute.get(BASE + "/status", Role.VIEWER, "Monitor state and totals", this::status),
                ApiRoute.get(BASE + "/stats", Role.VIEWER, "Container totals and resource use", this::stats),
                ApiRoute.get(BASE + "/containers", Role.VIEWER, "All containers (?status=, ?endpoint=)", this::containers),
                ApiRoute.get(BASE + "/containers/{id}", Role.VIEWER, "One container with its inspect detail (redacted)",
                        this::container),
                ApiRoute.get(BASE + "/containers/{id}/logs", Role.VIEWER, "Recent log lines (?tail=200&since=)", this::logs),
                ApiRoute.get(BASE + "/containers/{id}/stats", Role.VIEWER, "CPU, memory, network, block I/O and history",
                        this::containerStats),
                ApiRoute.post(BASE + "/containers/{id}/start", Role.OPERATOR, "Start a container", r -> act("start", r)),
                ApiRoute.post(BASE + "/containers/{id}/stop", Role.OPERATOR, "Stop a container", r -> act("stop", r)),
                ApiRoute.post(BASE + "/containers/{id}/restart", Role.OPERATOR, "Restart a container",
                        r -> act("restart", r)),
                ApiRoute.delete(BASE + "/containers/{id}", Role.OPERATOR, "Remove a container (?force=true)",
                        r -> act("remove", r)),
                ApiRoute.get(BASE + "/images", Role.VIEWER, "Local images of every endpoint", this::images));
    }

    private Object health(ApiRequest r) {
        Health h = watchtower.health();
        Map<String, Object> out = new LinkedHashMap<>();
        Object status = h.details().get("status");
        out.put("status", status != null ? status : h.status() == Health.Status.NOT_CONFIGURED
                ? "not_configured" : "monitor_stopped");
        out.put("monitor_running", h.details().getOrDefault("monitor_running", false));
        out.put("endpoints", h.details().getOrDefault("endpoints", List.of()));
        out.put("last_event_at", h.details().get("last_event_at"));
        out.put("message", h.message());
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    private Object status(ApiRequest r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent_id", agentId);
        out.put("name", "Watchtower");
        out.put("status", watchtower.isRunning() ? "running" : "stopped");
        out.put("monitoring_enabled", watchtower.settings().monitoringEnabled());
        out.put("monitoring_interval_seconds", watchtower.settings().monitoringInterval().toSeconds());
        out.put("stats_interval_seconds", watchtower.settings().statsInterval().toSeconds());
        out.put("started_at", watchtower.startedAt());
        out.put("endpoints", watchtower.monitors().stream().map(EndpointMonitor::health).toList());
        out.put("containers", watchtower.totals());
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    private Object stats(ApiRequest r) {
        Map<String, Object> out = new LinkedHashMap<>(watchtower.totals());
        double cpu = 0;
        long memory = 0;
        int sampled = 0;
        for (ContainerInfo c : watchtower.containers("running", null)) {
            StatsSample s = watchtower.sampler().latest(c.endpoint(), c.id());
            if (s != null) {
                sampled++;
                cpu += s.cpuPercent() == null ? 0 : s.cpuPercent();
                memory += s.memoryUsage();
            }
        }
        out.put("cpu_percent", Math.round(cpu * 100.0) / 100.0);
        out.put("memory_usage", memory);
        out.put("sampled_containers", sampled);
        out.put("unreachable_endpoints", watchtower.unreachable());
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    private Object containers(ApiRequest r) {
        String status = r.query("status").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status", "'" + clip(status) + "' is not one of " + STATUSES);
        }
        String endpoint = endpoint(r);
        List<ContainerInfo> list = watchtower.containers(status, endpoint);
        if (status == null && endpoint == null) {
            listJson.retainOnly(list);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("containers", listJson.of(list));
        out.put("count", list.size());
        out.put("unreachable_endpoints", watchtower.unreachable());
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    private Object container(ApiRequest r) {
        Watchtower.Found f = watchtower.find(r.pathParam("id"), endpoint(r));
        var out = Json.mapper().<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(f.info());
        out.put("short_id", f.info().shortId());
        out.set("stats", Json.mapper().valueToTree(watchtower.sampler().latest(f.info().endpoint(), f.info().id())));
        out.set("inspect", f.tracked().inspect());
        return out;
    }

    private Object logs(ApiRequest r) {
        int tail = r.queryInt("tail", 200, 1, 10_000);
        Instant since = r.query("since").map(String::strip).filter(s -> !s.isEmpty()).map(this::since).orElse(null);
        Watchtower.Found f = watchtower.find(r.pathParam("id"), endpoint(r));
        List<LogLine> lines;
        try {
            lines = f.monitor().engine().logs(f.info().id(), tail, since);
        } catch (EngineException e) {
            throw Watchtower.toApi(e, f.info().name());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("container", ref(f.info()));
        out.put("lines", lines);
        out.put("count", lines.size());
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    /** ISO-8601 time, epoch seconds, or an age such as {@code 10m}, {@code 2h}, {@code 30s}. */
    private Instant since(String s) {
        try {
            if (s.matches("\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(s));
            }
            if (s.matches("\\d{1,9}[smhd]")) {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                Duration d = switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return watchtower.clock().instant().minus(d);
            }
            return Instant.parse(s);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("since", "'" + clip(s)
                    + "' is not a time (ISO-8601 such as 2024-05-01T10:00:00Z, epoch seconds, or an age such as 10m)");
        }
    }

    private Object containerStats(ApiRequest r) {
        Watchtower.Found f = watchtower.find(r.pathParam("id"), endpoint(r));
        StatsSample current = null;
        if ("running".equals(f.info().status())) {
            try {
                current = watchtower.sampler().watch(f.monitor(), f.info().id());
            } catch (EngineException e) {
                throw Watchtower.toApi(e, f.info().name());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("container", ref(f.info()));
        out.put("status", f.info().status());
        out.put("current", current);
        out.put("history", watchtower.sampler().history(f.info().endpoint(), f.info().id()));
        out.put("interval_seconds", watchtower.sampler().interval().toSeconds());
        out.put("hot", watchtower.sampler().isHot(f.info().endpoint(), f.info().id()));
        out.put("background_interval_seconds", watchtower.sampler().backgroundInterval().toSeconds());
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    private Object act(String action, ApiRequest r) {
        boolean force = r.query("force").map(v -> switch (v.strip().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw ApiException.badRequest("force", "'" + clip(v) + "' is not true or false");
        }).orElse(false);
        return actions.act(action, r.pathParam("id"), endpoint(r), force, r.principal().name());
    }

    private Object images(ApiRequest r) {
        List<Map<String, Object>> images = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>(watchtower.unreachable());
        String only = endpoint(r);
        for (EndpointMonitor m : watchtower.monitors()) {
            if (!m.isUp() || only != null && !only.equals(m.name())) {
                continue;
            }
            try {
                List<ContainerInfo> using = watchtower.containers(null, m.name());
                for (ImageSummary i : m.engine().images()) {
                    Map<String, Object> image = new LinkedHashMap<>();
                    image.put("id", i.id());
                    image.put("tags", i.tags());
                    image.put("digests", i.digests());
                    image.put("size", i.size());
                    image.put("created", i.created());
                    image.put("endpoint", m.name());
                    image.put("containers", using.stream().filter(c -> c.imageId().equals(i.id())).count());
                    images.add(image);
                }
            } catch (EngineException e) {
                errors.add(Map.of("endpoint", m.name(), "error", e.getMessage()));
            }
        }
        if (images.isEmpty() && !errors.isEmpty()) {
            throw ApiException.upstream("no endpoint could list its images: " + errors);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", images);
        out.put("count", images.size());
        out.put("unreachable_endpoints", errors);
        out.put("timestamp", watchtower.clock().instant());
        return out;
    }

    private String endpoint(ApiRequest r) {
        String e = r.query("endpoint").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (e != null) {
            watchtower.monitor(e, "endpoint"); // 400 for an unknown one
        }
        return e;
    }

    private static Map<String, Object> ref(ContainerInfo c) {
        return Map.of("id", c.id(), "name", c.name(), "endpoint", c.endpoint());
    }

    private static String clip(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
