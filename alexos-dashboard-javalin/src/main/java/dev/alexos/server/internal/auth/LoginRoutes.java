package dev.alexos.server.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.Principal;
import dev.alexos.core.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /login} (the page), {@code POST /login} (a token, as a form field or JSON
 * {@code {"token"}}, exchanged for an HttpOnly, SameSite=Strict session cookie) and
 * {@code POST /logout}. A form post is redirected to the dashboard (303); a JSON post is
 * answered with the principal.
 */
public final class LoginRoutes {
    private final AuthService auth;
    private final byte[] page;

    public LoginRoutes(AuthService auth) {
        this.auth = auth;
        try (InputStream in = LoginRoutes.class.getResourceAsStream("/alexos/login.html")) {
            if (in == null) {
                throw new IllegalStateException("alexos/login.html is missing from the server jar");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.get("/login", ctx -> ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(page));
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        routes.get("/logout", ctx -> {
            logout(ctx);
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    private void login(Context ctx) throws Exception {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean form = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
        String token;
        String next = "/dashboard/";
        if (form) {
            token = ctx.formParam("token");
            next = safeNext(ctx.formParam("next"));
        } else if (type.isEmpty() || type.startsWith("application/json")) {
            JsonNode body;
            try {
                body = ctx.bodyAsBytes().length == 0 ? Json.object() : Json.mapper().readTree(ctx.bodyAsBytes());
            } catch (IOException e) {
                throw ApiException.badRequest("body", "malformed JSON");
            }
            JsonNode t = body == null ? null : body.get("token");
            if (t != null && !t.isTextual()) {
                throw ApiException.badRequest("token", "expected a string");
            }
            token = t == null ? null : t.asText();
        } else {
            throw new ApiException(415, "unsupported_media_type",
                    "send the token as a form field or as JSON {\"token\": \"...\"}", "Content-Type");
        }
        AuthService.Outcome outcome = auth.login(ctx, token);
        if (outcome instanceof AuthService.Limited l) {
            ctx.header("Retry-After", Long.toString(l.retryAfterSeconds()));
            throw new ApiException(429, "too_many_requests",
                    "too many failed logins from this address; retry in " + l.retryAfterSeconds() + " s");
        }
        if (!(outcome instanceof AuthService.Authenticated a)) {
            if (form) {
                ctx.redirect("/login?failed=1&next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8),
                        io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            throw new ApiException(401, "unauthorized", "invalid token", "token");
        }
        Principal p = a.principal();
        String session = auth.sessions().create(p);
        Cookie cookie = new Cookie(AuthService.SESSION_COOKIE, session, "/", (int) auth.sessions().ttl().toSeconds(),
                ctx.req().isSecure(), true, null, SameSite.STRICT);
        ctx.cookie(cookie);
        if (form) {
            ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
        } else {
            dev.alexos.server.internal.http.RouteBinder.write(ctx, Map.of("name", p.name(), "role", p.role().wireName()));
        }
    }

    /** Only same-site paths: an open redirect after login would hand the session to a phishing page. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/dashboard/";
        }
        return next;
    }

    private void logout(Context ctx) {
        auth.sessions().remove(ctx.cookie(AuthService.SESSION_COOKIE));
        ctx.removeCookie(AuthService.SESSION_COOKIE, "/");
        ctx.status(204);
    }
}
