package dev.alexos.core.http;

import java.util.Objects;

/**
 * A framework-neutral HTTP route contributed by a module. Hosts (the Javalin server, or an
 * embedding application's own) adapt these; plugins contain no web-framework code.
 *
 * @param method HTTP method
 * @param path absolute path with {@code {param}} segments, e.g.
 *     {@code /api/watchtower/containers/{id}/logs}
 * @param role minimum role of the caller
 * @param summary one line for the API reference
 * @param handler the code
 */
public record ApiRoute(HttpMethod method, String path, Role role, String summary, RouteHandler handler) {

    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
        summary = summary == null ? "" : summary;
    }

    public static ApiRoute get(String path, Role role, String summary, RouteHandler handler) {
        return new ApiRoute(HttpMethod.GET, path, role, summary, handler);
    }

    public static ApiRoute post(String path, Role role, String summary, RouteHandler handler) {
        return new ApiRoute(HttpMethod.POST, path, role, summary, handler);
    }

    public static ApiRoute put(String path, Role role, String summary, RouteHandler handler) {
        return new ApiRoute(HttpMethod.PUT, path, role, summary, handler);
    }

    public static ApiRoute delete(String path, Role role, String summary, RouteHandler handler) {
        return new ApiRoute(HttpMethod.DELETE, path, role, summary, handler);
    }
}
