package dev.alexos.watchtower.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A request as a host would hand it to a route handler. */
public final class FakeRequest implements ApiRequest {
    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();

    public FakeRequest(HttpMethod method, String path) {
        this.method = method;
        this.path = path;
    }

    public FakeRequest param(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    public FakeRequest query(String name, String value) {
        query.put(name, value);
        return this;
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
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw ApiException.badRequest(name, "must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "'" + v + "' is not an integer");
        }
    }

    @Override
    public JsonNode body() {
        return Json.object();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public Principal principal() {
        return new Principal("alice", Role.OPERATOR);
    }
}
