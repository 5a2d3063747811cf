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

    /** Verdicts per key name: step configs repeat the same few keys, and the pattern is costly. */
    private static final java.util.Map<String, Boolean> VERDICTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_VERDICTS = 4096;

    /** The value itself when nothing in it needs redacting (callers never modify it), else a redacted copy. */
    static JsonNode redact(JsonNode n) {
        if (n == null || !n.isContainerNode() || !hasSecret(n)) {
            return n;
        }
        JsonNode copy = n.deepCopy();
        walk(copy);
        return copy;
    }

    private static boolean secretKey(String k) {
        Boolean v = VERDICTS.get(k);
        if (v == null) {
            v = SECRET_KEY.matcher(k).matches();
            if (VERDICTS.size() < MAX_VERDICTS) {
                VERDICTS.put(k, v);
            }
        }
        return v;
    }

    private static boolean hasSecret(JsonNode n) {
        if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                if ((secretKey(e.getKey()) && v.isValueNode() && !v.isNull()) || (v.isContainerNode() && hasSecret(v))) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode v : n) {
                if (v.isContainerNode() && hasSecret(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void walk(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            var names = new java.util.ArrayList<String>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                JsonNode v = o.get(k);
                if (secretKey(k) && v.isValueNode() && !v.isNull()) {
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
