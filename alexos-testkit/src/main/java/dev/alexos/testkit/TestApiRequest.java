package dev.alexos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.internal.http.RequestParsing;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link ApiRequest} for unit-testing {@link ApiRoute} handlers without a server. It parses
 * and validates exactly as the server's requests do (the same code in the core): a bad
 * {@link #queryInt} or a malformed {@link #body()} throws {@link ApiException} 400 naming the
 * parameter; asking for a path parameter the route does not declare is an
 * {@link IllegalArgumentException}.
 *
 * <p>The path is either concrete ({@code /api/watchtower/containers/web?tail=10}; the path
 * parameters are filled in when {@link TestRoutes} matches it against a route) or a route's
 * template ({@code /api/watchtower/containers/{id}}) with the parameters given by
 * {@link #withPathParam}, which lets a test send values that could not travel in a URL path
 * ({@code ../etc}, {@code a/b}). A query string in the path is split into parameters.
 *
 * <pre>{@code
 * TestApiRequest req = TestApiRequest.get("/api/watchtower/containers/{id}/logs")
 *         .withPathParam("id", "web").withQuery("tail", "10");
 * Object result = route.handler().handle(req);
 * }</pre>
 *
 * <p>Immutable: every {@code with…} method returns a new request. The default caller is
 * {@link #DEFAULT_PRINCIPAL} (an admin named {@code test}).
 */
public final class TestApiRequest implements ApiRequest {
    /** The caller of a request that was not given one: {@code test}, an admin. */
    public static final Principal DEFAULT_PRINCIPAL = new Principal("test", Role.ADMIN);

    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Principal principal;

    private TestApiRequest(HttpMethod method, String path, Map<String, String> pathParams, Map<String, String> query,
            Map<String, String> headers, byte[] body, Principal principal) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.principal = principal;
    }

    /**
     * A request with no body, headers or path parameters, by {@link #DEFAULT_PRINCIPAL}.
     *
     * @param pathAndQuery a concrete path or a route template, optionally with {@code ?a=1&b=2}
     *     (URL-encoded)
     * @throws IllegalArgumentException when the path does not start with {@code /}
     */
    public static TestApiRequest of(HttpMethod method, String pathAndQuery) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathAndQuery, "path");
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("a request path must start with '/': " + pathAndQuery);
        }
        String path = pathAndQuery;
        Map<String, String> query = new LinkedHashMap<>();
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return new TestApiRequest(method, path, Map.of(), Map.copyOf(query), Map.of(), new byte[0], DEFAULT_PRINCIPAL);
    }

    /** {@link #of} with GET. */
    public static TestApiRequest get(String pathAndQuery) {
        return of(HttpMethod.GET, pathAndQuery);
    }

    /** {@link #of} with POST. */
    public static TestApiRequest post(String pathAndQuery) {
        return of(HttpMethod.POST, pathAndQuery);
    }

    /** {@link #of} with PUT. */
    public static TestApiRequest put(String pathAndQuery) {
        return of(HttpMethod.PUT, pathAndQuery);
    }

    /** {@link #of} with DELETE. */
    public static TestApiRequest delete(String pathAndQuery) {
        return of(HttpMethod.DELETE, pathAndQuery);
    }

    /** This request with path parameter {@code name} set to {@code value} (not URL-decoded). */
    public TestApiRequest withPathParam(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(pathParams);
        p.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new TestApiRequest(method, path, Map.copyOf(p), query, headers, body, principal);
    }

    /** This request with path parameters added (existing ones keep their values). */
    public TestApiRequest withPathParams(Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.putAll(pathParams);
        return new TestApiRequest(method, path, Map.copyOf(p), query, headers, body, principal);
    }

    /** This request with query parameter {@code name} set to {@code value} (not URL-decoded). */
    public TestApiRequest withQuery(String name, String value) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new TestApiRequest(method, path, pathParams, Map.copyOf(q), headers, body, principal);
    }

    /** This request with a header (names are case-insensitive). */
    public TestApiRequest withHeader(String name, String value) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new TestApiRequest(method, path, pathParams, query, h, body, principal);
    }

    /** This request with a body as sent on the wire; it is parsed, and may be malformed, when read. */
    public TestApiRequest withBody(String text) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        return new TestApiRequest(method, path, pathParams, query, headers, bytes, principal);
    }

    /** This request with a JSON body. */
    public TestApiRequest withBody(JsonNode json) {
        return withBody(json == null ? null : json.toString());
    }

    /** This request made by another caller (the host has already checked the role when a handler runs). */
    public TestApiRequest withPrincipal(Principal caller) {
        return new TestApiRequest(method, path, pathParams, query, headers, body, Objects.requireNonNull(caller, "caller"));
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    /** The path as given: concrete, or a template when the request was built against one. */
    @Override
    public String path() {
        return path;
    }

    /** Whether the path is a route template ({@code {param}} segments) rather than a concrete path. */
    public boolean isTemplate() {
        return path.contains("{");
    }

    /**
     * The path with every {@code {param}} replaced by its URL-encoded value.
     *
     * @throws IllegalStateException when a parameter of the template has no value
     */
    public String concretePath() {
        if (!isTemplate()) {
            return path;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.substring(1).split("/", -1)) {
            out.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                String value = pathParams.get(name);
                if (value == null) {
                    throw new IllegalStateException("path parameter '" + name + "' of " + path + " has no value");
                }
                out.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }

    @Override
    public String pathParam(String name) {
        return RequestParsing.pathParam(name, pathParams.get(name), path);
    }

    /** Every path parameter given or matched, by name. */
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** Every query parameter, by name. */
    public Map<String, String> queryParams() {
        return query;
    }

    @Override
    public int queryInt(String name, int defaultValue, int min, int max) {
        return RequestParsing.queryInt(name, query.get(name), defaultValue, min, max);
    }

    /** Parsed on every call, so a malformed body fails where the handler reads it, as on a server. */
    @Override
    public JsonNode body() {
        return RequestParsing.body(body);
    }

    /** The body as sent (empty when none). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : " " + query) + (pathParams.isEmpty() ? "" : " " + pathParams)
                + " as " + principal.name() + "/" + principal.role().name().toLowerCase(Locale.ROOT);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
