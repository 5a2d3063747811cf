package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.util.Map;
import java.util.Optional;

/** A request as a host would hand it to a route handler. */
record FakeRequest(HttpMethod method, String path, Map<String, String> pathParams, Map<String, String> queryParams,
        String bodyText) implements ApiRequest {

    @Override
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParams.get(name));
    }

    @Override
    public int queryInt(String name, int defaultValue, int min, int max) {
        String v = queryParams.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw ApiException.badRequest(name, "must be in [" + min + ", " + max + "]");
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "not an integer");
        }
    }

    @Override
    public JsonNode body() {
        if (bodyText == null || bodyText.isBlank()) {
            return Json.object();
        }
        try {
            return Json.mapper().readTree(bodyText);
        } catch (Exception e) {
            throw ApiException.badRequest("body", "malformed JSON");
        }
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public Principal principal() {
        return new Principal("op", Role.OPERATOR);
    }
}
