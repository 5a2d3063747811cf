package dev.alexos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request received by a fake server, as it arrived.
 *
 * @param method upper-case method
 * @param path the path without query
 * @param query the raw query, empty when none
 * @param headers header names in lower case
 * @param body the body as UTF-8 text (empty when none)
 * @param pathParams values of the matched route's {@code {name}} segments
 * @param receivedAt when it arrived (the fake's clock)
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
        String body, Map<String, String> pathParams, Instant receivedAt) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
        pathParams = Map.copyOf(pathParams);
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A query parameter (decoded), or null. */
    public String queryParam(String name) {
        return queryParams().get(name);
    }

    /** Decoded query parameters; the first value wins. */
    public Map<String, String> queryParams() {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** A value of the matched route's {@code {name}} segment, or null. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /**
     * The body parsed as JSON.
     *
     * @throws UncheckedIOException when it is not JSON
     */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body.isEmpty() ? "null" : body);
        } catch (IOException e) {
            throw new UncheckedIOException("request body of " + method + " " + path + " is not JSON: " + body, e);
        }
    }

    /** Method, path and query; the body is left out and {@code authorization} never shown. */
    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
}
