package dev.alexos.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a host would answer for a route call made through {@link TestRoutes#call}: the status
 * and the body as the server would write it.
 *
 * @param status HTTP status (200 for a plain result, the {@code ApiResponse}'s status, 204 for
 *     {@code null}, the {@code ApiException}'s status for an error)
 * @param json the body parsed as JSON: the serialized result, or the error shape
 *     {@code {"error": {"code", "message", "status", "field"?}}}; a JSON null for no body and
 *     for a non-JSON {@code ApiResponse}
 * @param raw the body as the server would send it (JSON text, or the text of a non-JSON
 *     response; empty for no body)
 */
public record TestResponse(int status, JsonNode json, String raw) {

    /** Whether the status is 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** The error's {@code code}, or null when the body is not the error shape. */
    public String errorCode() {
        JsonNode code = json.path("error").path("code");
        return code.isTextual() ? code.asText() : null;
    }

    /** The error's {@code field}, or null when it names none. */
    public String errorField() {
        JsonNode field = json.path("error").path("field");
        return field.isTextual() ? field.asText() : null;
    }

    /** The error's {@code message}, or null when the body is not the error shape. */
    public String errorMessage() {
        JsonNode message = json.path("error").path("message");
        return message.isTextual() ? message.asText() : null;
    }
}
