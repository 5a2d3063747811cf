package dev.alexos.server.internal;

import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.server.internal.auth.AuthService;
import dev.alexos.server.internal.auth.LoginRoutes;
import dev.alexos.server.internal.http.DashboardAssets;
import dev.alexos.server.internal.http.ErrorMapping;
import dev.alexos.server.internal.http.JsonJettyErrorHandler;
import dev.alexos.server.internal.http.RouteBinder;
import dev.alexos.server.internal.metrics.ServerMetrics;
import dev.alexos.server.internal.ws.WsHub;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server: every {@link ApiRoute} of the runtime plus the host's own
 * ({@code /metrics}, {@code /api/auth/me}, {@code /api/dashboard/tabs}), {@code /ws}, the
 * dashboard, {@code /login}. Errors everywhere in the API's JSON shape.
 *
 * <p>Not thread-safe for {@link #start}/{@link #stop}; serving is concurrent.
 */
public final class JavalinHost {
    private static final Logger LOG = LoggerFactory.getLogger(JavalinHost.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("alexos.access");
    /** Non-API endpoints the host serves besides the routes (for the API reference check). */
    public static final List<String> HOST_ENDPOINTS = List.of(
            "GET /", "GET /dashboard", "GET /dashboard/<path>", "GET /login", "POST /login", "GET /logout", "POST /logout", "GET /ws");

    private final ServerSettings settings;
    private final HostRuntime runtime;
    private final ServerMetrics metrics = new ServerMetrics();
    private final RouteBinder binder;
    private final WsHub ws;
    private final List<ApiRoute> routes;
    private final Javalin app;

    public JavalinHost(ServerSettings settings, HostRuntime runtime, AuthService auth) {
        this.settings = settings;
        this.runtime = runtime;
        this.binder = new RouteBinder(auth);
        this.ws = new WsHub(runtime.eventBus(), binder, settings.wsQueueCapacity(), settings.wsMaxInFlight());
        List<ApiRoute> all = new ArrayList<>(runtime.routes());
        all.addAll(hostRoutes());
        all.sort(Comparator.comparing(ApiRoute::path).thenComparing(r -> r.method().name()));
        this.routes = List.copyOf(all);
        requireNoDuplicates(routes);
        metrics.bind(runtime.eventBus(), runtime.ledger(), runtime.agents(), ws::clientCount);
        DashboardAssets dashboard = new DashboardAssets(JavalinHost.class.getClassLoader(), runtime::dashboardTabs, binder);
        LoginRoutes login = new LoginRoutes(auth);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = settings.bind();
            cfg.jetty.port = settings.port();
            cfg.http.maxRequestSize = settings.maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> {
                // graceful stop: stop accepting, let in-flight requests finish (bounded)
                server.setStopTimeout(10_000);
                server.insertHandler(new GracefulHandler());
                server.setErrorHandler(new JsonJettyErrorHandler());
            });
            cfg.jetty.modifyWebSocketServletFactory(f -> f.setMaxTextMessageSize(64 * 1024));
            DashboardAssets.registerWebJars(cfg.staticFiles);
            cfg.requestLogger.http(this::logRequest);
            cfg.routes.before(this::limitBody);
            ErrorMapping.register(cfg.routes);
            for (ApiRoute r : routes) {
                binder.bind(cfg.routes, r);
            }
            ws.register(cfg.routes);
            login.register(cfg.routes);
            dashboard.register(cfg.routes);
        });
    }

    private List<ApiRoute> hostRoutes() {
        return List.of(
                ApiRoute.get("/metrics", Role.VIEWER, "Prometheus metrics (text format)",
                        req -> ApiResponse.text(200, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8")),
                ApiRoute.get("/api/auth/me", Role.VIEWER, "Who the caller is: name and role",
                        req -> Map.of("name", req.principal().name(), "role", req.principal().role().wireName())),
                ApiRoute.get("/api/dashboard/tabs", Role.VIEWER, "Dashboard tabs the caller may open",
                        req -> {
                            List<Map<String, Object>> tabs = new ArrayList<>();
                            runtime.dashboardTabs().stream()
                                    .filter(t -> req.principal().role().allows(t.role()))
                                    .sorted(Comparator.comparingInt(DashboardTab::order).thenComparing(DashboardTab::id))
                                    .forEach(t -> {
                                        Map<String, Object> m = new LinkedHashMap<>();
                                        m.put("id", t.id());
                                        m.put("title", t.title());
                                        m.put("order", t.order());
                                        m.put("role", t.role().wireName());
                                        m.put("entry_module", t.entryModule());
                                        m.put("entry_url", "/dashboard/tabs/" + t.id() + "/" + t.entryModule());
                                        tabs.add(m);
                                    });
                            return Map.of("tabs", tabs, "count", tabs.size(), "timestamp", Instant.now().toString());
                        }));
    }

    private static void requireNoDuplicates(List<ApiRoute> routes) {
        Set<String> seen = new TreeSet<>();
        for (ApiRoute r : routes) {
            String key = r.method() + " " + r.path().replaceAll("\\{[^}]*}", "{}");
            if (!seen.add(key)) {
                throw new IllegalStateException("two routes answer " + r.method() + " " + r.path());
            }
        }
    }

    private void limitBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > settings.maxBodyBytes()) {
            if (length <= Math.min(8L * settings.maxBodyBytes(), 16L * 1_048_576L)) {
                // read and discard a moderately oversized body: closing with unread bytes makes the
                // kernel reset the connection, and the client may never see the 413
                try (java.io.InputStream in = ctx.req().getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    // the client went away; the answer below is best-effort
                }
            }
            throw new ApiException(413, "payload_too_large", "request body of " + length + " bytes is over the limit of "
                    + settings.maxBodyBytes() + " bytes");
        }
    }

    private void logRequest(Context ctx, Float ms) {
        String route;
        try {
            route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        int status = ctx.statusCode();
        if (status == 404 && !routes.stream().anyMatch(r -> r.path().equals(ctx.path()))) {
            route = route.equals("/dashboard/<path>") ? route : "unmatched";
        }
        metrics.recordRequest(ctx.method().name(), route, status, ms == null ? 0f : ms);
        // the query string is left out: it may carry a WebSocket token
        if (ACCESS.isInfoEnabled()) {
            Object p = ctx.attribute(RouteBinder.PRINCIPAL);
            ACCESS.info("{} \"{} {}\" {} {}ms {}", ctx.ip(), ctx.method().name(), ctx.path(), status,
                    String.format(java.util.Locale.ROOT, "%.1f", ms == null ? 0f : ms),
                    p instanceof dev.alexos.core.http.Principal pr ? pr.name() : "-");
        }
    }

    /** Starts listening; returns the bound port. */
    public int start() {
        app.start();
        LOG.info("listening on http://{}:{}/", settings.bind(), app.port());
        return app.port();
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    /** Every API route served (runtime and host), sorted. */
    public List<ApiRoute> routes() {
        return routes;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public WsHub ws() {
        return ws;
    }

    /** Closes WebSocket clients, then stops Jetty gracefully. */
    public void stop() {
        ws.closeAll();
        app.stop();
        metrics.close();
    }
}
