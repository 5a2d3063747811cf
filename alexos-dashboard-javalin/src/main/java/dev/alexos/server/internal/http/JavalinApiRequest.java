package dev.alexos.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.json.Json;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@link ApiRequest} over a Javalin {@link Context}. Every parsing accessor validates and throws
 * {@link ApiException} 400 naming the parameter. Not thread-safe (one request, one thread).
 */
public final class JavalinApiRequest implements ApiRequest {
    private final Context ctx;
    private final HttpMethod method;
    private final Principal principal;
    private JsonNode body;

    public JavalinApiRequest(Context ctx, HttpMethod method, Principal principal) {
        this.ctx = ctx;
        this.method = method;
        this.principal = principal;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    @Override
    public String path() {
        return ctx.path();
    }

    @Override
    public String pathParam(String name) {
        String v = ctx.pathParamMap().get(name);
        if (v == null) {
            // a handler asking for a parameter its route does not declare is a bug, not bad input
            throw new IllegalArgumentException("route " + ctx.endpoint().path + " has no path parameter '" + name + "'");
        }
        if (v.isEmpty()) {
            throw ApiException.badRequest(name, "must not be empty");
        }
        if (v.indexOf('\0') >= 0) {
            throw ApiException.badRequest(name, "must not contain NUL characters");
        }
        return v;
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(ctx.queryParam(name));
    }

    @Override
    public int queryInt(String name, int defaultValue, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "expected an integer in [" + min + ", " + max + "], got '"
                    + abbreviate(v) + "'");
        }
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest(name, "expected an integer in [" + min + ", " + max + "], got " + parsed);
        }
        return (int) parsed;
    }

    @Override
    public JsonNode body() {
        if (body == null) {
            byte[] bytes = ctx.bodyAsBytes();
            if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                body = Json.object();
            } else {
                try {
                    JsonNode parsed = Json.mapper().readTree(bytes);
                    body = parsed == null || parsed.isMissingNode() ? Json.object() : parsed;
                } catch (JsonProcessingException e) {
                    String where = e.getLocation() == null ? ""
                            : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                    throw ApiException.badRequest("body", "malformed JSON" + where);
                } catch (java.io.IOException e) {
                    throw ApiException.badRequest("body", "could not be read");
                }
            }
        }
        return body;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    @Override
    public Principal principal() {
        return principal;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
