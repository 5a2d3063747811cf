package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Templates and expressions of workflow definitions.
 *
 * <ul>
 *   <li>A string that is exactly {@code ${expr}} resolves to the expression's JSON value (an
 *       object stays an object); other strings interpolate each {@code ${expr}} as text.
 *       {@code $${} is a literal {@code ${}.</li>
 *   <li>Expressions: paths ({@code inputs.x}, {@code steps.fetch.output.data.id},
 *       {@code item.name}), literals ({@code 'a'}, {@code 3}, {@code true}, {@code null}),
 *       {@code == != > >= < <=}, {@code && || !} (also {@code and or not}), parentheses and the
 *       functions {@code len(x)}, {@code exists(path)}, {@code contains(a, b)},
 *       {@code lower(s)}, {@code upper(s)}, {@code default(path, value)}.</li>
 * </ul>
 * A missing path is an {@link ExpressionException} naming it. Written by hand because the
 * language is deliberately tiny (no code execution) and errors must name our paths.
 */
final class Expressions {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Expressions() {
    }

    /** Resolves every template string inside {@code value} (deep); returns a new tree. */
    static JsonNode resolve(JsonNode value, Scope scope) {
        if (value == null) {
            return F.nullNode();
        }
        if (value.isTextual()) {
            return resolveString(value.asText(), scope);
        }
        if (value.isObject()) {
            ObjectNode o = F.objectNode();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                o.set(e.getKey(), resolve(e.getValue(), scope));
            }
            return o;
        }
        if (value.isArray()) {
            ArrayNode a = F.arrayNode();
            value.forEach(v -> a.add(resolve(v, scope)));
            return a;
        }
        return value;
    }

    /** Resolves one template string. */
    static JsonNode resolveString(String s, Scope scope) {
        if (!s.contains("${")) {
            return F.textNode(s);
        }
        String t = s.trim();
        if (t.startsWith("${") && t.endsWith("}") && t.indexOf("${", 2) < 0 && closing(t, 2) == t.length() - 1) {
            return evaluate(t.substring(2, t.length() - 1), scope);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = closing(s, i + 2);
                if (end < 0) {
                    throw new ExpressionException("template '" + s + "': unclosed '${'");
                }
                out.append(text(evaluate(s.substring(i + 2, end), scope)));
                i = end + 1;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return F.textNode(out.toString());
    }

    /** Index of the '}' closing an expression starting at {@code from}, skipping quoted text. */
    static int closing(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        return -1;
    }

    /** The text of a value in an interpolated string: strings bare, other values as JSON. */
    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** Evaluates an expression; {@code ${...}} around it is allowed. */
    static JsonNode evaluate(String expression, Scope scope) {
        return new ExpressionParser(expression, scope).parseAll();
    }

    /** Evaluates a condition to its truth value. */
    static boolean test(String condition, Scope scope) {
        return truthy(evaluate(condition, scope));
    }

    /** Resolves a path (no operators) against the scope. */
    static JsonNode path(String path, Scope scope) {
        List<String> segs = JsonPaths.parse(path);
        String first = segs.get(0);
        if (first.equals("steps")) {
            if (segs.size() < 2) {
                throw new ExpressionException("${" + path + "}: name a step, e.g. steps.<id>.output");
            }
            JsonNode st = scope.step(segs.get(1));
            if (st == null) {
                throw new ExpressionException("${" + path + "}: step '" + segs.get(1) + "' has not run (yet) in this scope");
            }
            return JsonPaths.navigate(st, segs, 2, path);
        }
        JsonNode root = scope.variable(first);
        if (root == null) {
            throw new ExpressionException("${" + path + "}: unknown name '" + first
                    + "' (use inputs.<name>, steps.<id>.output, vars.<name>, item, index)");
        }
        return JsonPaths.navigate(root, segs, 1, path);
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            String t = v.asText();
            return !t.isEmpty() && !t.equalsIgnoreCase("false");
        }
        return v.size() > 0;
    }

    static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        if (a.isValueNode() && b.isValueNode() && !a.isBoolean() && !b.isBoolean()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }

    /** A new object with one field, for building outputs. */
    static ObjectNode obj(String k, JsonNode v) {
        ObjectNode o = Json.object();
        o.set(k, v);
        return o;
    }
}
