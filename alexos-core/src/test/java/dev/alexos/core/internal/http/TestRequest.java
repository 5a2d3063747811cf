package dev.alexos.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ApiRequest} for calling routes without an HTTP server: matches a concrete path
 * against the route's {@code {param}} template and parses like a host would.
 */
final class TestRequest implements ApiRequest {
    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final String body;

    private TestRequest(HttpMethod method, String path, Map<String, String> pathParams, Map<String, String> query,
            String body) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
    }

    /** Finds the route for {@code method path} and calls it; {@code query} as in a URL. */
    static Object call(List<ApiRoute> routes, HttpMethod method, String pathAndQuery, String body) throws Exception {
        String path = pathAndQuery;
        Map<String, String> query = new HashMap<>();
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            for (String kv : pathAndQuery.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                query.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        for (ApiRoute r : routes) {
            Map<String, String> params = match(r.path(), path);
            if (r.method() == method && params != null) {
                return r.handler().handle(new TestRequest(method, path, params, query, body));
            }
        }
        throw new AssertionError("no route for " + method + " " + path);
    }

    private static Map<String, String> match(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                params.put(t[i].substring(1, t[i].length() - 1), p[i]);
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public int queryInt(String name, int defaultValue, int min, int max) {
        String v = query.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw ApiException.badRequest(name, "expected an integer in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "expected an integer in [" + min + ", " + max + "]");
        }
    }

    @Override
    public JsonNode body() {
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "malformed JSON");
        }
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public Principal principal() {
        return new Principal("tester", Role.ADMIN);
    }
}
