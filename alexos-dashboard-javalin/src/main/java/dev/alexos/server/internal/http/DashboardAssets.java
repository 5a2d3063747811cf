package dev.alexos.server.internal.http;

import dev.alexos.core.dashboard.AssetSource;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.config.StaticFilesConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves the dashboard: the shell from the classpath under {@code alexos/dashboard/} at
 * {@code /dashboard/*} (extension-less pages such as {@code /dashboard/watchtower} get the shell's {@code index.html}), and each
 * plugin tab's files at {@code /dashboard/tabs/<id>/*} from {@link DashboardTab#assets()}
 * (role-checked). HTML is never cached (it decides what to load); other files are cached
 * for an hour. Files come from jars: no network at run time.
 *
 * <p>Third-party browser libraries come from WebJars on the classpath: only the ones listed in
 * {@link #WEBJARS} are served, at {@code /webjars/<name>/<version>/...}. Their URLs carry the
 * version, so they are cached for a year as immutable.
 */
public final class DashboardAssets {
    private static final String PREFIX = "/dashboard/";
    /** The WebJars the dashboard loads (uPlot: the charts in sdk.js). */
    static final List<String> WEBJARS = List.of("uplot");
    static final String WEBJAR_CACHE = "public, max-age=31536000, immutable";

    private final AssetSource shell;
    private final Supplier<List<DashboardTab>> tabs;
    private final RouteBinder auth;

    public DashboardAssets(ClassLoader loader, Supplier<List<DashboardTab>> tabs, RouteBinder auth) {
        this.shell = AssetSource.classpath(loader, "alexos/dashboard/");
        this.tabs = tabs;
        this.auth = auth;
    }

    /** Registers {@code /dashboard} and {@code /dashboard/*}. */
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(PREFIX));
        // Javalin ignores trailing slashes, so "/dashboard/" arrives here too
        routes.get("/dashboard", ctx -> {
            if (ctx.path().endsWith("/")) {
                serve(ctx);
            } else {
                ctx.redirect(PREFIX);
            }
        });
        routes.get("/dashboard/<path>", this::serve);
    }

    /**
     * Serves {@link #WEBJARS} from {@code META-INF/resources/webjars/<name>} at
     * {@code /webjars/<name>}. Public: they are open-source libraries, and the login page may
     * need them as well as the dashboard.
     */
    public static void registerWebJars(StaticFilesConfig staticFiles) {
        for (String name : WEBJARS) {
            staticFiles.add(sf -> {
                sf.hostedPath = "/webjars/" + name;
                sf.directory = "META-INF/resources/webjars/" + name;
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Cache-Control", WEBJAR_CACHE, "X-Content-Type-Options", "nosniff");
            });
        }
    }

    private void serve(Context ctx) {
        String path = ctx.path().length() <= PREFIX.length() ? "" : ctx.path().substring(PREFIX.length());
        if (path.startsWith("tabs/")) {
            serveTab(ctx, path.substring("tabs/".length()));
            return;
        }
        String file = path.isEmpty() ? "index.html" : path;
        Optional<byte[]> bytes = shell.read(file);
        if (bytes.isEmpty() && !file.contains(".")) {
            // pages such as /dashboard/watchtower are routed by the shell itself
            file = "index.html";
            bytes = shell.read(file);
        }
        if (bytes.isEmpty()) {
            throw ApiException.notFound("dashboard file", path);
        }
        send(ctx, file, bytes.get());
    }

    private void serveTab(Context ctx, String rest) {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String file = slash < 0 ? "" : rest.substring(slash + 1);
        DashboardTab tab = tabs.get().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("dashboard tab", id));
        auth.authorize(ctx, tab.role() == Role.PUBLIC ? Role.PUBLIC : tab.role());
        byte[] bytes = tab.assets().read(file.isEmpty() ? tab.entryModule() : file)
                .orElseThrow(() -> ApiException.notFound("file of dashboard tab '" + id + "'", file));
        send(ctx, file.isEmpty() ? tab.entryModule() : file, bytes);
    }

    private static void send(Context ctx, String file, byte[] bytes) {
        String type = contentType(file);
        ctx.header("Cache-Control", type.startsWith("text/html") ? "no-cache" : "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(type).result(bytes);
    }

    static String contentType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        int dot = f.lastIndexOf('.');
        String ext = dot < 0 ? "" : f.substring(dot + 1);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
