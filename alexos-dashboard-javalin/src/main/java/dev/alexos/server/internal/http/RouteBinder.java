package dev.alexos.server.internal.http;

import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.server.internal.auth.AuthService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Adapts framework-neutral {@link ApiRoute}s to Javalin: authenticates the caller, enforces the
 * route's {@link Role}, checks the request's content type, runs the handler and writes its value
 * (JSON via {@link Json#mapper()}) or {@link ApiResponse}. Errors are thrown as
 * {@link ApiException} and rendered by {@link ErrorMapping}. Thread-safe.
 */
public final class RouteBinder {
    /** Context attribute holding the authenticated {@link Principal}. */
    public static final String PRINCIPAL = "alexos.principal";

    private final AuthService auth;

    public RouteBinder(AuthService auth) {
        this.auth = auth;
    }

    /** Registers one route. */
    public void bind(RoutesConfig routes, ApiRoute route) {
        HandlerType type = HandlerType.findOrCreate(route.method().name());
        routes.addHttpHandler(type, route.path(), ctx -> handle(ctx, route));
    }

    private void handle(Context ctx, ApiRoute route) throws Exception {
        Principal principal = authorize(ctx, route.role());
        requireJsonBody(ctx);
        Object result = route.handler().handle(new JavalinApiRequest(ctx, route.method(), principal));
        write(ctx, result);
    }

    /**
     * Resolves the caller and checks {@code required}.
     *
     * @throws ApiException 401 without valid credentials, 403 when the role is too low, 429 when
     *     the address has failed too often
     */
    public Principal authorize(Context ctx, Role required) {
        return authorize(ctx, required, false);
    }

    /** As {@link #authorize(Context, Role)}; {@code allowQueryToken} for WebSocket upgrades. */
    public Principal authorize(Context ctx, Role required, boolean allowQueryToken) {
        if (required == Role.PUBLIC) {
            return Principal.ANONYMOUS;
        }
        AuthService.Outcome outcome = auth.authenticate(ctx, allowQueryToken);
        Principal p;
        if (outcome instanceof AuthService.Authenticated a) {
            p = a.principal();
        } else if (outcome instanceof AuthService.Limited l) {
            ctx.header("Retry-After", Long.toString(l.retryAfterSeconds()));
            throw new ApiException(429, "too_many_requests",
                    "too many failed authentication attempts from this address; retry in " + l.retryAfterSeconds() + " s");
        } else if (outcome instanceof AuthService.Rejected r) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "invalid credentials: " + r.reason());
        } else {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized",
                    "authentication required: send 'Authorization: Bearer <token>' or log in at /login");
        }
        if (!p.role().allows(required)) {
            throw new ApiException(403, "forbidden", ctx.method().name() + " " + ctx.path() + " needs the role '"
                    + required.wireName() + "'; '" + p.name() + "' has '" + p.role().wireName() + "'");
        }
        ctx.attribute(PRINCIPAL, p);
        return p;
    }

    private static void requireJsonBody(Context ctx) {
        HandlerType m = ctx.method();
        if (m == HandlerType.GET || m == HandlerType.HEAD) {
            return;
        }
        long length = ctx.req().getContentLengthLong();
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (length <= 0 && !chunked) {
            return;
        }
        String type = ctx.contentType();
        if (type == null || type.isBlank()) {
            return;
        }
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.endsWith("+json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "Content-Type '" + JavalinApiRequest.abbreviate(base) + "' is not supported: send application/json",
                    "Content-Type");
        }
    }

    /** Writes a handler's return value. */
    public static void write(Context ctx, Object result) throws Exception {
        if (result == null) {
            ctx.status(204);
            return;
        }
        if (result instanceof ApiResponse r) {
            ctx.status(r.status());
            String ct = r.contentType() == null ? ApiResponse.JSON : r.contentType();
            if (r.body() == null) {
                return;
            }
            if (ct.startsWith(ApiResponse.JSON) && !(r.body() instanceof String)) {
                ctx.contentType(ApiResponse.JSON).result(Json.mapper().writeValueAsBytes(r.body()));
            } else if (r.body() instanceof byte[] bytes) {
                ctx.contentType(ct).result(bytes);
            } else {
                ctx.contentType(ct).result(r.body().toString().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        ctx.status(200).contentType(ApiResponse.JSON).result(Json.mapper().writeValueAsBytes(result));
    }
}
