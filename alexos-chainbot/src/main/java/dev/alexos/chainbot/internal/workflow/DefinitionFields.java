package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import java.time.Duration;

/**
 * Reading the fields of a workflow definition document: each reader validates and throws a
 * {@link WorkflowValidationException} naming the field ({@code f}, e.g.
 * {@code steps[1] (restart).config.action}). Values that are still {@code ${...}} templates are
 * checked when they are resolved at run time instead. Stateless.
 */
final class DefinitionFields {

    private DefinitionFields() {
    }

    static void checkSyntax(String expr, String field) {
        if (expr.isBlank()) {
            throw new WorkflowValidationException(field, "must not be blank");
        }
        long open = expr.chars().filter(ch -> ch == '(').count();
        long close = expr.chars().filter(ch -> ch == ')').count();
        if (open != close) {
            throw new WorkflowValidationException(field, "unbalanced parentheses in '" + expr + "'");
        }
    }

    static void objectIfPresent(JsonNode n, String key, String f) {
        JsonNode v = n.get(key);
        if (v != null && !v.isNull() && !v.isObject() && !(v.isTextual() && v.asText().contains("${"))) {
            throw new WorkflowValidationException(f, "must be an object");
        }
    }

    static String requiredText(JsonNode n, String key, String f) {
        JsonNode v = n == null ? null : n.get(key);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new WorkflowValidationException(f, "is required");
        }
        return v.asText().trim();
    }

    static String text(JsonNode n, String key, String def) {
        JsonNode v = n == null ? null : n.get(key);
        return v == null || v.isNull() ? def : v.asText();
    }

    static int integer(JsonNode n, String key, String f, int def, int min, int max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (v.isTextual() && v.asText().contains("${")) {
            return def;
        }
        if (!v.canConvertToInt() || (!v.isIntegralNumber() && !v.asText().matches("-?\\d+"))) {
            throw new WorkflowValidationException(f, "'" + v.asText() + "' is not an integer");
        }
        int i = v.asInt();
        if (i < min || i > max) {
            throw new WorkflowValidationException(f, i + " is not in [" + min + ", " + max + "]");
        }
        return i;
    }

    static Duration duration(JsonNode n, String key, String f) {
        try {
            return Durations.parse(n.get(key));
        } catch (IllegalArgumentException e) {
            throw new WorkflowValidationException(f, e.getMessage());
        }
    }
}
