package dev.alexos.server.internal.http;

import dev.alexos.core.dashboard.AssetSource;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.config.StaticFilesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves the dashboard: the shell from the classpath under {@code alexos/dashboard/} at
 * {@code /dashboard/*} (extension-less pages such as {@code /dashboard/watchtower} get the shell's {@code index.html}), and each
 * plugin tab's files at {@code /dashboard/tabs/<id>/*} from {@link DashboardTab#assets()}
 * (role-checked). Files come from jars: no network at run time.
 *
 * <p>Caching (issue 9, "fast on a Raspberry Pi and a phone"): the shell's files are also served
 * at {@code /dashboard/v/<version>/...}, where the version hashes every shell file, with
 * {@code Cache-Control: immutable} for a year; {@code index.html} is rewritten to load
 * {@code /dashboard/assets/...} from there, and the ES modules' relative imports stay under the
 * same prefix, so a warm page load asks the server for the HTML only (and gets a 304). Every
 * other response carries an {@code ETag} and must be revalidated ({@code max-age=0}), so a
 * changed file is never served stale. Text is gzip-compressed by Javalin ({@code JavalinHost}).
 *
 * <p>Third-party browser libraries come from WebJars on the classpath: only the ones listed in
 * {@link #WEBJARS} are served, at {@code /webjars/<name>/<version>/...}. Their URLs carry the
 * version, so they are cached for a year as immutable.
 */
public final class DashboardAssets {
    private static final String PREFIX = "/dashboard/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "public, max-age=0, must-revalidate";
    /** The WebJars the dashboard loads (uPlot: the charts in sdk.js). */
    static final List<String> WEBJARS = List.of("uplot");
    static final String WEBJAR_CACHE = IMMUTABLE;

    private final AssetSource shell;
    private final String version;
    private final Map<String, byte[]> shellCache = new ConcurrentHashMap<>();
    private final Supplier<List<DashboardTab>> tabs;
    private final RouteBinder auth;

    public DashboardAssets(ClassLoader loader, Supplier<List<DashboardTab>> tabs, RouteBinder auth) {
        this.shell = AssetSource.classpath(loader, "alexos/dashboard/");
        this.version = AssetVersion.of(loader, "alexos/dashboard/");
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
        String cacheControl = null;
        if (path.startsWith("v/")) {
            int slash = path.indexOf('/', 2);
            String wanted = slash < 0 ? "" : path.substring(2, slash);
            path = slash < 0 ? "" : path.substring(slash + 1);
            // a page of an older version may still ask for its files: it gets today's, uncached
            cacheControl = wanted.equals(version) ? IMMUTABLE : REVALIDATE;
        }
        String file = path.isEmpty() ? "index.html" : path;
        Optional<byte[]> bytes = readShell(file);
        if (bytes.isEmpty() && !file.contains(".")) {
            // pages such as /dashboard/watchtower are routed by the shell itself
            file = "index.html";
            bytes = readShell(file);
        }
        if (bytes.isEmpty()) {
            throw ApiException.notFound("dashboard file", path);
        }
        send(ctx, file, bytes.get(), file.equals("index.html") ? "no-cache" : cacheControl != null ? cacheControl : REVALIDATE);
    }

    /** The version in this server's asset URLs ({@code /dashboard/v/<version>/}). */
    public String version() {
        return version;
    }

    /** Shell files never change while the server runs (they are in its jar): read once. */
    private Optional<byte[]> readShell(String file) {
        byte[] cached = shellCache.get(file);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> bytes = shell.read(file);
        if (bytes.isPresent() && shellCache.size() < 256) {
            byte[] b = file.equals("index.html") ? versioned(bytes.get()) : bytes.get();
            shellCache.put(file, b);
            return Optional.of(b);
        }
        return bytes;
    }

    /** index.html loading its assets from the versioned, immutable URLs. */
    private byte[] versioned(byte[] html) {
        return new String(html, StandardCharsets.UTF_8)
                .replace("\"/dashboard/assets/", "\"/dashboard/v/" + version + "/assets/")
                .getBytes(StandardCharsets.UTF_8);
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
        send(ctx, file.isEmpty() ? tab.entryModule() : file, bytes, REVALIDATE);
    }

    private static void send(Context ctx, String file, byte[] bytes, String cacheControl) {
        String type = contentType(file);
        String etag = AssetVersion.etag(bytes);
        ctx.header("Cache-Control", type.startsWith("text/html") ? "no-cache" : cacheControl);
        ctx.header("ETag", etag);
        ctx.header("X-Content-Type-Options", "nosniff");
        String match = ctx.header("If-None-Match");
        if (match != null && (match.equals(etag) || match.contains(etag) || match.contains("W/" + etag))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
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
