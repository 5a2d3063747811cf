package dev.alexos.examples.httpcheck;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes HTTP endpoints periodically on the runtime's scheduler. An endpoint that fails
 * {@code failure_threshold} probes in a row is down: the agent publishes
 * {@code httpcheck.endpoint_down} and appends a ledger entry of the same type; when it answers
 * again, {@code httpcheck.endpoint_up}. A probe succeeds on any status below 400.
 *
 * <p>Tasks: {@code status} (the current view) and {@code check} (probe every endpoint now).
 * URLs are reported without user info or query, which may hold credentials.
 *
 * <p>Thread-safe: probes run on the scheduler's executor; state changes are synchronized.
 */
public final class HttpCheckAgent implements Agent {
    /** The module id and topic prefix. */
    public static final String MODULE = "httpcheck";

    private final Object lock = new Object();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final Map<URI, Endpoint> endpoints = new LinkedHashMap<>();
    private volatile AgentContext context;
    private volatile HttpClient client;
    private volatile Duration timeout;
    private volatile int threshold;
    private volatile Cancellable timer;

    @Override
    public AgentDescriptor descriptor() {
        return AgentDescriptor.builder("httpcheck-1", "HTTP endpoint checker", "monitor")
                .capability("status").capability("check").build();
    }

    @Override
    public void start(AgentContext ctx) {
        ConfigSection config = ctx.config();
        Duration interval = config.duration("interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(1));
        timeout = config.duration("timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(5));
        threshold = config.integer("failure_threshold", 2, 1, 100);
        Map<URI, Endpoint> parsed = new LinkedHashMap<>();
        for (String raw : config.list("endpoints")) {
            URI uri = parse(config.path() + ".endpoints", raw.trim());
            parsed.put(uri, new Endpoint(uri));
        }
        synchronized (lock) {
            endpoints.clear();
            endpoints.putAll(parsed);
        }
        client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        context = ctx;
        if (!parsed.isEmpty()) {
            timer = ctx.scheduler().scheduleWithFixedDelay(Duration.ZERO, interval,
                    () -> ctx.scheduler().executor().execute(this::probeAll));
        }
    }

    private static URI parse(String key, String raw) {
        try {
            URI uri = URI.create(raw);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, safe(raw), "an http:// or https:// URL with a host");
        }
    }

    @Override
    public void stop() {
        Cancellable t = timer;
        timer = null;
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public Health health() {
        List<EndpointStatus> all = statuses();
        if (all.isEmpty()) {
            return Health.notConfigured("no endpoints configured (httpcheck.endpoints)");
        }
        long down = all.stream().filter(s -> s.state().equals("down")).count();
        Map<String, Object> details = new LinkedHashMap<>();
        all.forEach(s -> details.put(s.url(), s.state()));
        Health h = down == 0 ? Health.healthy() : Health.degraded(down + " of " + all.size() + " endpoints down");
        return h.withDetails(details);
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        AgentContext ctx = context;
        return switch (task.action()) {
            case "status" -> CompletableFuture.completedFuture(TaskResult.success(statusJson()));
            case "check" -> ctx == null ? CompletableFuture.completedFuture(TaskResult.failure("not started"))
                    : CompletableFuture.supplyAsync(() -> {
                        probeAll();
                        return TaskResult.success(statusJson());
                    }, ctx.scheduler().executor());
            default -> CompletableFuture.failedFuture(new UnsupportedTaskException(descriptor().id(), task.action()));
        };
    }

    /** The current view of every endpoint, in configuration order. */
    public List<EndpointStatus> statuses() {
        synchronized (lock) {
            List<EndpointStatus> out = new ArrayList<>();
            endpoints.values().forEach(e -> out.add(e.snapshot()));
            return out;
        }
    }

    private com.fasterxml.jackson.databind.JsonNode statusJson() {
        // Built by hand: serializing this plugin's own types through the host's shared mapper
        // would leave them in its cache and keep the plugin's class loader from being collected.
        var node = Json.object();
        var list = node.putArray("endpoints");
        for (EndpointStatus s : statuses()) {
            var e = list.addObject();
            e.put("url", s.url());
            e.put("state", s.state());
            e.put("last_status_code", s.lastStatusCode());
            e.put("last_error", s.lastError());
            e.put("consecutive_failures", s.consecutiveFailures());
            e.put("last_checked", s.lastChecked() == null ? null : s.lastChecked().toString());
            e.put("since", s.since() == null ? null : s.since().toString());
        }
        return node;
    }

    private void probeAll() {
        // Rounds never overlap: a slow round makes the next one skip rather than pile up.
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        try {
            List<Endpoint> list;
            synchronized (lock) {
                list = new ArrayList<>(endpoints.values());
            }
            for (Endpoint e : list) {
                probe(e);
            }
        } finally {
            probing.set(false);
        }
    }

    private void probe(Endpoint e) {
        AgentContext ctx = context;
        HttpClient http = client;
        if (ctx == null || http == null) {
            return;
        }
        int code = 0;
        String error = null;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(e.uri).timeout(timeout).GET()
                    .header("User-Agent", "alexos-httpcheck").build(), HttpResponse.BodyHandlers.discarding());
            code = r.statusCode();
            if (code >= 400) {
                error = "HTTP " + code;
            }
        } catch (java.io.IOException ex) {
            error = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        record(ctx, e, code, error);
    }

    private void record(AgentContext ctx, Endpoint e, int code, String error) {
        Instant now = ctx.clock().instant();
        String transition = null;
        Map<String, Object> fact = new LinkedHashMap<>();
        synchronized (lock) {
            e.lastChecked = now;
            e.lastStatusCode = code;
            e.lastError = error;
            if (error == null) {
                if (e.state.equals("down")) {
                    transition = "endpoint_up";
                    fact.put("down_seconds", Duration.between(e.since, now).toSeconds());
                }
                if (!e.state.equals("up")) {
                    e.state = "up";
                    e.since = now;
                }
                e.failures = 0;
            } else {
                e.failures++;
                if (!e.state.equals("down") && e.failures >= threshold) {
                    transition = "endpoint_down";
                    e.state = "down";
                    e.since = now;
                    fact.put("error", safe(error));
                    fact.put("failures", e.failures);
                }
            }
        }
        if (transition != null) {
            fact.put("url", safe(e.uri.toString()));
            fact.put("status_code", code);
            ctx.publish(transition, Json.mapper().valueToTree(fact));
            ctx.ledger().append(MODULE + "." + transition, fact);
        }
    }

    /** A URL or message without user info and query, which may carry credentials. */
    static String safe(String text) {
        return text.replaceAll("(?i)(https?://)[^/@\\s]*@", "$1").replaceAll("\\?[^\\s]*", "");
    }

    /** Mutable state of one endpoint; guarded by {@code lock}. */
    private static final class Endpoint {
        final URI uri;
        String state = "unknown";
        int lastStatusCode;
        String lastError;
        int failures;
        Instant lastChecked;
        Instant since;

        Endpoint(URI uri) {
            this.uri = uri;
        }

        EndpointStatus snapshot() {
            return new EndpointStatus(safe(uri.toString()), state, lastStatusCode, lastError == null ? null : safe(lastError),
                    failures, lastChecked, since);
        }
    }
}
