package dev.alexos.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A request as a route handler sees it, independent of the HTTP framework. The host has
 * already authenticated the caller and checked the route's {@link Role}.
 *
 * <p>Every accessor that parses validates: bad input throws {@link ApiException} with status
 * 400 naming the parameter and the reason.
 */
public interface ApiRequest {

    HttpMethod method();

    /** The concrete path, e.g. {@code /api/watchtower/containers/abc}. */
    String path();

    /** A path parameter declared as {@code {name}} in the route. */
    String pathParam(String name);

    Optional<String> query(String name);

    /** An integer query parameter in {@code [min, max]}, or {@code defaultValue} when absent. */
    int queryInt(String name, int defaultValue, int min, int max);

    /**
     * The body as JSON; an empty body is an empty object.
     *
     * @throws ApiException 400 for malformed JSON
     */
    JsonNode body();

    /**
     * The body as a JSON object; an empty body is an empty object.
     *
     * @throws ApiException 400 when the body is not a JSON object
     */
    default ObjectNode bodyObject() {
        JsonNode b = body();
        if (!b.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object");
        }
        return (ObjectNode) b;
    }

    /** A request header, case-insensitive. */
    Optional<String> header(String name);

    /** The authenticated caller. */
    Principal principal();
}
