package dev.alexos.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.internal.http.RequestParsing;
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
        return RequestParsing.pathParam(name, ctx.pathParamMap().get(name), ctx.endpoint().path);
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(ctx.queryParam(name));
    }

    @Override
    public int queryInt(String name, int defaultValue, int min, int max) {
        return RequestParsing.queryInt(name, ctx.queryParam(name), defaultValue, min, max);
    }

    @Override
    public JsonNode body() {
        if (body == null) {
            body = RequestParsing.body(ctx.bodyAsBytes());
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
        return RequestParsing.abbreviate(s);
    }
}
