package dev.alexos.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How every {@link dev.alexos.core.http.ApiRequest} parses what a caller sent, so that the
 * server's requests and the testkit's answer bad input with the same 400s. Stateless.
 */
public final class RequestParsing {

    private RequestParsing() {
    }

    /**
     * A path parameter's value, checked.
     *
     * @param route the route's path template, named when the parameter is not declared
     * @throws IllegalArgumentException when the route declares no such parameter ({@code value}
     *     is null): a handler bug, not bad input
     * @throws ApiException 400 when the value is empty or contains NUL
     */
    public static String pathParam(String name, String value, String route) {
        if (value == null) {
            throw new IllegalArgumentException("route " + route + " has no path parameter '" + name + "'");
        }
        if (value.isEmpty()) {
            throw ApiException.badRequest(name, "must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.badRequest(name, "must not contain NUL characters");
        }
        return value;
    }

    /**
     * An integer query parameter in {@code [min, max]}; {@code defaultValue} when absent or blank.
     *
     * @throws ApiException 400 naming the parameter when it is not such an integer
     */
    public static int queryInt(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "expected an integer in [" + min + ", " + max + "], got '"
                    + abbreviate(raw) + "'");
        }
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest(name, "expected an integer in [" + min + ", " + max + "], got " + parsed);
        }
        return (int) parsed;
    }

    /**
     * A request body as JSON; an empty or blank body is an empty object.
     *
     * @throws ApiException 400 on field {@code body} for malformed JSON, with line and column
     */
    public static JsonNode body(byte[] bytes) {
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.mapper().readTree(bytes);
            return parsed == null || parsed.isMissingNode() ? Json.object() : parsed;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("body", "malformed JSON" + where);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "could not be read");
        }
    }

    /** At most 40 characters of {@code s}, for quoting caller input in an error message. */
    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
