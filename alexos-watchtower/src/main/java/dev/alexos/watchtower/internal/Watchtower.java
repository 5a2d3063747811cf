package dev.alexos.watchtower.internal;

import dev.alexos.core.AgentContext;
import dev.alexos.core.Health;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.engine.DockerEngine;
import dev.alexos.watchtower.internal.engine.EngineException;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor;
import dev.alexos.watchtower.internal.stats.StatsSampler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Watchtower service: one {@link EndpointMonitor} per configured engine, the stats
 * sampler, and lookups over the combined picture. Created by the module at start-up, started
 * and stopped with the {@code watchtower-001} agent. Routes and the agent's tasks go through
 * it. Thread-safe.
 */
public final class Watchtower {
    /** Container ids, short ids and names as Docker allows them. */
    private static final Pattern REF = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{3,64}");

    private final WatchtowerSettings settings;
    private final Function<EndpointSettings, DockerEngine> engines;
    private volatile AgentContext context;
    private volatile List<EndpointMonitor> monitors = List.of();
    private volatile StatsSampler sampler;
    private volatile Instant startedAt;

    /** A container found by reference, with the monitor of its endpoint. */
    public record Found(EndpointMonitor monitor, EndpointMonitor.Tracked tracked) {
        public ContainerInfo info() {
            return tracked.info();
        }
    }

    public Watchtower(WatchtowerSettings settings, Function<EndpointSettings, DockerEngine> engines) {
        this.settings = settings;
        this.engines = engines;
    }

    public WatchtowerSettings settings() {
        return settings;
    }

    /** Starts monitoring every endpoint in the background and publishes {@code watchtower_started}. */
    public synchronized void start(AgentContext ctx) {
        if (context != null) {
            return;
        }
        context = ctx;
        startedAt = ctx.clock().instant();
        List<EndpointMonitor> list = new ArrayList<>();
        if (settings.monitoringEnabled()) {
            for (EndpointSettings e : settings.endpoints()) {
                list.add(new EndpointMonitor(e, engines.apply(e), settings, ctx.scheduler(), ctx.clock(), ctx::publish));
            }
        }
        monitors = List.copyOf(list);
        sampler = new StatsSampler(monitors, ctx.scheduler(), ctx.clock(), new StatsSampler.Rates(settings.statsInterval(),
                settings.statsBackgroundInterval(), settings.statsHotFor(), settings.statsHistory()));
        var data = Json.object();
        var names = data.putArray("endpoints");
        settings.endpoints().forEach(e -> names.add(e.name()));
        data.put("monitoring_enabled", settings.monitoringEnabled())
                .put("monitoring_interval_seconds", settings.monitoringInterval().toSeconds());
        ctx.publish("watchtower_started", data);
        monitors.forEach(EndpointMonitor::start);
        sampler.start();
    }

    /** Stops monitoring, closes the engine clients and publishes {@code watchtower_stopped}. Idempotent. */
    public synchronized void stop() {
        AgentContext ctx = context;
        if (ctx == null) {
            return;
        }
        sampler.stop();
        for (EndpointMonitor m : monitors) {
            m.stop();
        }
        // the engine clients are closed once the monitors' queued work is done with them
        List<EndpointMonitor> stopped = monitors;
        ctx.scheduler().executor().execute(() -> stopped.forEach(m -> m.engine().close()));
        monitors = List.of();
        context = null;
        ctx.publish("watchtower_stopped", Json.object());
    }

    public boolean isRunning() {
        return context != null;
    }

    /** The context given at start; 503 when not running. */
    AgentContext context() {
        AgentContext ctx = context;
        if (ctx == null) {
            throw ApiException.unavailable("watchtower is not running");
        }
        return ctx;
    }

    public Clock clock() {
        AgentContext ctx = context;
        return ctx == null ? Clock.systemUTC() : ctx.clock();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public List<EndpointMonitor> monitors() {
        context();
        return monitors;
    }

    public StatsSampler sampler() {
        context();
        return sampler;
    }

    /** The monitor of a named endpoint; 400 naming {@code field} when there is none. */
    public EndpointMonitor monitor(String endpoint, String field) {
        return monitors().stream().filter(m -> m.name().equals(endpoint)).findFirst()
                .orElseThrow(() -> ApiException.badRequest(field, "no endpoint named '" + endpoint + "'"));
    }

    /** All containers, sorted by endpoint and name, optionally filtered. */
    public List<ContainerInfo> containers(String status, String endpoint) {
        List<EndpointMonitor> from = endpoint == null ? monitors() : List.of(monitor(endpoint, "endpoint"));
        List<ContainerInfo> out = new ArrayList<>();
        for (EndpointMonitor m : from) {
            for (EndpointMonitor.Tracked t : m.containers()) {
                if (status == null || status.equals(t.info().status())) {
                    out.add(t.info());
                }
            }
        }
        out.sort(Comparator.comparing(ContainerInfo::endpoint).thenComparing(ContainerInfo::name));
        return out;
    }

    /**
     * Finds a container by full id, name, or id prefix (at least 3 hex digits).
     *
     * @throws ApiException 400 for a malformed reference or endpoint, 404 when no endpoint has
     *     it, 409 when it is ambiguous (same name on two endpoints, or a short prefix)
     */
    public Found find(String ref, String endpoint) {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw ApiException.badRequest("id", "'" + abbreviate(ref)
                    + "' is not a container id or name (letters, digits, '_', '.', '-'; at most 255)");
        }
        String key = ref.startsWith("/") ? ref.substring(1) : ref;
        List<EndpointMonitor> from = endpoint == null ? monitors() : List.of(monitor(endpoint, "endpoint"));
        List<Found> byId = new ArrayList<>();
        List<Found> byName = new ArrayList<>();
        List<Found> byPrefix = new ArrayList<>();
        for (EndpointMonitor m : from) {
            for (EndpointMonitor.Tracked t : m.containers()) {
                if (t.info().id().equals(key)) {
                    byId.add(new Found(m, t));
                } else if (t.info().name().equals(key)) {
                    byName.add(new Found(m, t));
                } else if (HEX.matcher(key).matches() && t.info().id().startsWith(key)) {
                    byPrefix.add(new Found(m, t));
                }
            }
        }
        for (List<Found> candidates : List.of(byId, byName, byPrefix)) {
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates.size() > 1) {
                throw ApiException.conflict("container '" + key + "' is ambiguous: it matches "
                        + candidates.stream().map(f -> f.info().endpoint() + "/" + f.info().name()).toList()
                        + "; give the full id or ?endpoint=");
            }
        }
        // not in the picture yet (created a moment ago): ask the engines themselves
        for (EndpointMonitor m : from) {
            if (!m.isUp()) {
                continue;
            }
            try {
                var inspect = m.engine().inspect(key);
                if (inspect.isPresent()) {
                    var info = dev.alexos.watchtower.internal.monitor.InspectParser.parse(m.name(), inspect.get());
                    m.refreshLater(info.id(), "lookup");
                    return new Found(m, new EndpointMonitor.Tracked(info,
                            dev.alexos.watchtower.internal.monitor.InspectParser.redact(inspect.get())));
                }
            } catch (EngineException e) {
                // that engine cannot say: the container is reported as not found below
            }
        }
        throw ApiException.notFound("container", key);
    }

    /** Watchtower's health: per endpoint reachable or not, monitor running, last event. */
    public Health health() {
        AgentContext ctx = context;
        if (ctx == null) {
            return new Health(Health.Status.UNHEALTHY, "monitor_stopped", Map.of("monitor_running", false));
        }
        if (!settings.monitoringEnabled()) {
            return new Health(Health.Status.NOT_CONFIGURED, "monitoring disabled (watchtower.monitoring_enabled)",
                    Map.of("monitor_running", false));
        }
        List<EndpointMonitor.EndpointHealth> endpoints = monitors.stream().map(EndpointMonitor::health).toList();
        long up = endpoints.stream().filter(EndpointMonitor.EndpointHealth::reachable).count();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("monitor_running", true);
        details.put("endpoints", endpoints);
        endpoints.stream().map(EndpointMonitor.EndpointHealth::lastEventAt).filter(t -> t != null)
                .max(Comparator.naturalOrder()).ifPresent(t -> details.put("last_event_at", t));
        if (up == endpoints.size()) {
            details.put("status", "healthy");
            return new Health(Health.Status.HEALTHY, "", details);
        }
        if (up == 0) {
            details.put("status", "docker_unavailable");
            return new Health(Health.Status.UNHEALTHY, "docker_unavailable", details);
        }
        details.put("status", "degraded");
        return new Health(Health.Status.DEGRADED, "unreachable: " + endpoints.stream()
                .filter(e -> !e.reachable()).map(EndpointMonitor.EndpointHealth::name).toList(), details);
    }

    /** Totals over the picture: {@code total}, per status, {@code unhealthy}, per endpoint. */
    public Map<String, Object> totals() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<ContainerInfo> all = containers(null, null);
        out.put("total", all.size());
        for (String s : List.of("running", "paused", "restarting", "created", "exited", "dead")) {
            out.put(s, all.stream().filter(c -> c.status().equals(s)).count());
        }
        out.put("stopped", all.stream().filter(c -> !c.status().equals("running") && !c.status().equals("paused")
                && !c.status().equals("restarting")).count());
        out.put("unhealthy", all.stream().filter(c -> "unhealthy".equals(c.health())).count());
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        for (EndpointMonitor m : monitors()) {
            byEndpoint.put(m.name(), all.stream().filter(c -> c.endpoint().equals(m.name())).count());
        }
        out.put("by_endpoint", byEndpoint);
        return out;
    }

    /** The engines that are down, with why, for answers that cover several endpoints. */
    public List<Map<String, Object>> unreachable() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EndpointMonitor m : monitors()) {
            if (!m.isUp()) {
                out.add(Map.of("endpoint", m.name(), "error",
                        Optional.ofNullable(m.health().error()).orElse("not connected yet")));
            }
        }
        return out;
    }

    /** An engine failure as the HTTP answer: 404, 409, 504 or 502 with the engine's message. */
    public static ApiException toApi(EngineException e, String what) {
        return switch (e.kind()) {
            case NOT_FOUND -> ApiException.notFound("container", what);
            case CONFLICT -> ApiException.conflict(e.getMessage());
            case TIMEOUT -> ApiException.upstreamTimeout(e.getMessage());
            default -> ApiException.upstream(e.getMessage());
        };
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
