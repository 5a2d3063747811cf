package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading a spawn request's {@code config} with messages that name the field. */
final class Configs {
    private Configs() {
    }

    static String requiredText(ObjectNode config, String field) {
        JsonNode n = config.get(field);
        if (n == null || n.isNull() || !n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException("config." + field + ": required text");
        }
        return n.asText();
    }

    static String optionalText(ObjectNode config, String field, String defaultValue) {
        JsonNode n = config.get(field);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("config." + field + ": expected text");
        }
        return n.asText();
    }

    static int optionalInt(ObjectNode config, String field, int defaultValue, int min, int max) {
        JsonNode n = config.get(field);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (!n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw new IllegalArgumentException("config." + field + ": expected an integer in [" + min + ", " + max + "]");
        }
        return n.asInt();
    }
}
