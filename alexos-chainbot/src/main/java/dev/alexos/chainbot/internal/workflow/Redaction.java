package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/** Removes secret-looking values (by key) before step inputs are recorded. */
final class Redaction {
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(authorization|password|passwd|secret|token|api[_-]?key|cookie|credential).*");

    private Redaction() {
    }

    static JsonNode redact(JsonNode n) {
        if (n == null || !n.isContainerNode()) {
            return n;
        }
        JsonNode copy = n.deepCopy();
        walk(copy);
        return copy;
    }

    private static void walk(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            var names = new java.util.ArrayList<String>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                JsonNode v = o.get(k);
                if (SECRET_KEY.matcher(k).matches() && v.isValueNode() && !v.isNull()) {
                    o.put(k, "******");
                } else {
                    walk(v);
                }
            }
        } else if (n.isArray()) {
            n.forEach(Redaction::walk);
        }
    }
}
