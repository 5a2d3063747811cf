package dev.alexos.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ApiRoute}s a module contributed, called without a server. A request is routed as
 * the server routes it (same method, a path matching the route's {@code {param}} template, the
 * parameters URL-decoded), or, when the request was built against a template, to the route
 * with that template.
 *
 * <ul>
 *   <li>{@link #handle} calls the handler and returns what it returned; an
 *       {@link ApiException} propagates, for tests asserting on it.
 *   <li>{@link #call} answers as the host does: the caller's role is checked (403), the result
 *       is serialized with the runtime's JSON mapper (snake_case), an {@code ApiResponse} gives
 *       its status, and an {@link ApiException} becomes the API's error body.
 * </ul>
 *
 * <pre>{@code
 * TestRoutes routes = TestRoutes.of(context.routes());
 * TestResponse r = routes.call(TestApiRequest.get("/api/watchtower/containers?status=sleeping"));
 * assertThat(r.status()).isEqualTo(400);
 * assertThat(r.errorField()).isEqualTo("status");
 * }</pre>
 *
 * <p>A handler that throws anything other than an {@code ApiException} has a bug (the server
 * would answer 500 and log it): both methods fail the test with an {@link AssertionError}
 * carrying the exception. Immutable and thread-safe when the handlers are.
 */
public final class TestRoutes {
    private final List<ApiRoute> routes;

    private TestRoutes(List<ApiRoute> routes) {
        this.routes = routes;
    }

    /** Over a snapshot of {@code routes}. */
    public static TestRoutes of(Collection<ApiRoute> routes) {
        return new TestRoutes(List.copyOf(Objects.requireNonNull(routes, "routes")));
    }

    /** Every route, in contribution order. */
    public List<ApiRoute> routes() {
        return routes;
    }

    /**
     * The route with this method and template.
     *
     * @throws AssertionError when there is none
     */
    public ApiRoute route(HttpMethod method, String template) {
        for (ApiRoute r : routes) {
            if (r.method() == method && r.path().equals(template)) {
                return r;
            }
        }
        throw new AssertionError("no route " + method + " " + template + " among " + describe());
    }

    /**
     * Routes the request and returns the handler's result as is.
     *
     * @throws ApiException what the handler threw for the caller to see
     * @throws AssertionError when no route matches, or the handler threw anything else
     */
    public Object handle(TestApiRequest request) {
        Matched m = match(request);
        try {
            return m.route().handler().handle(m.request());
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("route " + m.route().method() + " " + m.route().path() + " threw " + e
                    + " (the server would answer 500)", e);
        }
    }

    /**
     * Routes the request and answers as the host would.
     *
     * @throws AssertionError when no route matches, the handler threw something other than an
     *     {@link ApiException}, or its result cannot be serialized
     */
    public TestResponse call(TestApiRequest request) {
        Matched m = match(request);
        ApiRoute route = m.route();
        if (!request.principal().role().allows(route.role())) {
            return error(new ApiException(403, "forbidden", route.method() + " " + request.concretePath()
                    + " needs the role '" + route.role().wireName() + "'; '" + request.principal().name() + "' has '"
                    + request.principal().role().wireName() + "'"));
        }
        Object result;
        try {
            result = route.handler().handle(m.request());
        } catch (ApiException e) {
            return error(e);
        } catch (Exception e) {
            throw new AssertionError("route " + route.method() + " " + route.path() + " threw " + e
                    + " (the server would answer 500)", e);
        }
        try {
            return respond(result);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the result of " + route.method() + " " + route.path()
                    + " cannot be serialized as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@link #call} of a GET. */
    public TestResponse get(String pathAndQuery) {
        return call(TestApiRequest.get(pathAndQuery));
    }

    /** {@link #call} of a POST with a JSON body ({@code null} for none). */
    public TestResponse post(String pathAndQuery, String body) {
        return call(TestApiRequest.post(pathAndQuery).withBody(body));
    }

    /** {@link #call} of a PUT with a JSON body ({@code null} for none). */
    public TestResponse put(String pathAndQuery, String body) {
        return call(TestApiRequest.put(pathAndQuery).withBody(body));
    }

    /** {@link #call} of a DELETE. */
    public TestResponse delete(String pathAndQuery) {
        return call(TestApiRequest.delete(pathAndQuery));
    }

    private record Matched(ApiRoute route, TestApiRequest request) {
    }

    private Matched match(TestApiRequest request) {
        if (request.isTemplate()) {
            return new Matched(route(request.method(), request.path()), request);
        }
        for (ApiRoute r : routes) {
            Map<String, String> params = r.method() == request.method() ? params(r.path(), request.path()) : null;
            if (params != null) {
                return new Matched(r, request.withPathParams(params));
            }
        }
        throw new AssertionError("no route for " + request.method() + " " + request.path() + " among " + describe());
    }

    /** The parameters of {@code path} under {@code template}, or null when it does not match. */
    private static Map<String, String> params(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}") && !p[i].isEmpty()) {
                params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    private static TestResponse respond(Object result) throws JsonProcessingException {
        if (result == null) {
            return new TestResponse(204, NullNode.getInstance(), "");
        }
        if (result instanceof ApiResponse r) {
            if (r.body() == null) {
                return new TestResponse(r.status(), NullNode.getInstance(), "");
            }
            String type = r.contentType() == null ? ApiResponse.JSON : r.contentType();
            if (type.startsWith(ApiResponse.JSON) && !(r.body() instanceof String)) {
                return json(r.status(), r.body());
            }
            String text = r.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r.body().toString();
            return new TestResponse(r.status(), NullNode.getInstance(), text);
        }
        return json(200, result);
    }

    private static TestResponse json(int status, Object body) throws JsonProcessingException {
        String raw = Json.mapper().writeValueAsString(body);
        return new TestResponse(status, Json.mapper().readTree(raw), raw);
    }

    private static TestResponse error(ApiException e) {
        ObjectNode root = Json.object();
        ObjectNode err = root.putObject("error");
        err.put("code", e.code() == null ? "error" : e.code());
        err.put("message", e.getMessage() == null ? "" : e.getMessage());
        err.put("status", e.status());
        if (e.field() != null) {
            err.put("field", e.field());
        }
        return new TestResponse(e.status(), root, root.toString());
    }

    private String describe() {
        List<String> all = new ArrayList<>();
        routes.forEach(r -> all.add(r.method() + " " + r.path()));
        return all.toString();
    }
}
