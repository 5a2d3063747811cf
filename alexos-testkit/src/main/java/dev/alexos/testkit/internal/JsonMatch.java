package dev.alexos.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.alexos.core.json.Json;
import java.util.Map;

/** Compares JSON fields to expected Java values, for the assertions. */
public final class JsonMatch {
    private JsonMatch() {
    }

    /** The node at a dotted path ({@code a.b.c}; digits index arrays), or a missing node. */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            if (node == null) {
                return MissingNode.getInstance();
            }
            node = node.isArray() && part.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(part))
                    : node.get(part);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /** Whether the node equals the expected value (numbers by value: 1 equals 1L equals 1.0). */
    public static boolean matches(JsonNode actual, Object expected) {
        if (actual == null || actual.isMissingNode()) {
            return false;
        }
        JsonNode want = expected instanceof JsonNode n ? n : Json.mapper().valueToTree(expected);
        if (want == null) {
            return actual.isNull();
        }
        if (actual.isNumber() && want.isNumber()) {
            return actual.decimalValue().compareTo(want.decimalValue()) == 0;
        }
        if (actual.isObject() && want.isObject()) {
            if (actual.size() != want.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : want.properties()) {
                if (!matches(actual.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (actual.isArray() && want.isArray()) {
            if (actual.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!matches(actual.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return actual.equals(want);
    }

    /** Whether every (dotted) field of {@code expected} matches in {@code actual}. */
    public static boolean containsAll(JsonNode actual, Map<String, ?> expected) {
        for (Map.Entry<String, ?> e : expected.entrySet()) {
            if (!matches(at(actual, e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
