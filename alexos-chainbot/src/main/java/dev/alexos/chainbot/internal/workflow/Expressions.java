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
    private static int closing(String s, int from) {
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
        return new Parser(expression, scope).parseAll();
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

    /** Recursive-descent parser that evaluates while it parses. */
    private static final class Parser {
        private final String src;
        private final Scope scope;
        private int pos;

        Parser(String expression, Scope scope) {
            String e = expression.trim();
            this.src = e;
            this.scope = scope;
        }

        JsonNode parseAll() {
            JsonNode v = or();
            skipWs();
            if (pos < src.length()) {
                throw error("unexpected '" + src.substring(pos) + "'");
            }
            return v;
        }

        private ExpressionException error(String what) {
            return new ExpressionException("expression '" + src + "': " + what);
        }

        private void skipWs() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }

        private boolean eat(String token) {
            skipWs();
            if (src.startsWith(token, pos)) {
                boolean word = Character.isLetter(token.charAt(0));
                int after = pos + token.length();
                if (word && after < src.length() && isIdentChar(src.charAt(after))) {
                    return false;
                }
                pos = after;
                return true;
            }
            return false;
        }

        private JsonNode or() {
            JsonNode left = and();
            while (eat("||") || eat("or")) {
                JsonNode right = and();
                left = F.booleanNode(truthy(left) || truthy(right));
            }
            return left;
        }

        private JsonNode and() {
            JsonNode left = not();
            while (eat("&&") || eat("and")) {
                JsonNode right = not();
                left = F.booleanNode(truthy(left) && truthy(right));
            }
            return left;
        }

        private JsonNode not() {
            skipWs();
            if (src.startsWith("!=", pos)) {
                throw error("'!=' without a left side");
            }
            if (eat("!") || eat("not")) {
                return F.booleanNode(!truthy(not()));
            }
            return comparison();
        }

        private JsonNode comparison() {
            JsonNode left = primary();
            for (String op : new String[] {"==", "!=", ">=", "<=", ">", "<"}) {
                if (eat(op)) {
                    return F.booleanNode(compare(left, op, primary()));
                }
            }
            return left;
        }

        private boolean compare(JsonNode a, String op, JsonNode b) {
            switch (op) {
                case "==":
                    return jsonEquals(a, b);
                case "!=":
                    return !jsonEquals(a, b);
                default:
                    int c;
                    if (a.isNumber() && b.isNumber()) {
                        c = a.decimalValue().compareTo(b.decimalValue());
                    } else if (a.isValueNode() && b.isValueNode()) {
                        c = a.asText().compareTo(b.asText());
                    } else {
                        throw error("cannot order " + a.getNodeType() + " and " + b.getNodeType());
                    }
                    return switch (op) {
                        case ">" -> c > 0;
                        case ">=" -> c >= 0;
                        case "<" -> c < 0;
                        default -> c <= 0;
                    };
            }
        }

        private JsonNode primary() {
            skipWs();
            if (pos >= src.length()) {
                throw error("unexpected end");
            }
            char c = src.charAt(pos);
            if (c == '(') {
                pos++;
                JsonNode v = or();
                if (!eat(")")) {
                    throw error("missing ')'");
                }
                return v;
            }
            if (c == '\'' || c == '"') {
                int end = src.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unclosed string");
                }
                String s = src.substring(pos + 1, end);
                pos = end + 1;
                return F.textNode(s);
            }
            if (Character.isDigit(c) || (c == '-' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                int start = pos++;
                while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                    pos++;
                }
                String num = src.substring(start, pos);
                return num.contains(".") ? F.numberNode(new java.math.BigDecimal(num)) : F.numberNode(Long.parseLong(num));
            }
            if (src.startsWith("${", pos)) {
                int end = closing(src, pos + 2);
                if (end < 0) {
                    throw error("unclosed '${'");
                }
                JsonNode v = path(src.substring(pos + 2, end), scope);
                pos = end + 1;
                return v;
            }
            String ident = pathToken();
            if (ident.isEmpty()) {
                throw error("unexpected '" + c + "'");
            }
            switch (ident) {
                case "true":
                    return F.booleanNode(true);
                case "false":
                    return F.booleanNode(false);
                case "null":
                    return F.nullNode();
                default:
                    break;
            }
            skipWs();
            if (pos < src.length() && src.charAt(pos) == '(') {
                pos++;
                return function(ident);
            }
            return path(ident, scope);
        }

        private String pathToken() {
            int start = pos;
            int depth = 0;
            while (pos < src.length()) {
                char ch = src.charAt(pos);
                if (ch == '[') {
                    depth++;
                } else if (ch == ']') {
                    depth--;
                } else if (depth == 0 && !(isIdentChar(ch) || ch == '.' || ch == '$')) {
                    break;
                }
                pos++;
            }
            return src.substring(start, pos);
        }

        private JsonNode function(String name) {
            if (name.equals("exists") || name.equals("default")) {
                skipWs();
                int start = pos;
                JsonNode v;
                try {
                    v = or();
                } catch (ExpressionException missing) {
                    v = null;
                    pos = skipArgument(start);
                }
                if (name.equals("exists")) {
                    expect(")");
                    return F.booleanNode(v != null && !v.isNull());
                }
                expect(",");
                JsonNode fallback = or();
                expect(")");
                return v == null || v.isNull() ? fallback : v;
            }
            JsonNode a = or();
            JsonNode b = null;
            if (eat(",")) {
                b = or();
            }
            expect(")");
            switch (name) {
                case "len":
                case "length":
                    return F.numberNode(a.isTextual() ? a.asText().length() : a.size());
                case "lower":
                    return F.textNode(text(a).toLowerCase(java.util.Locale.ROOT));
                case "upper":
                    return F.textNode(text(a).toUpperCase(java.util.Locale.ROOT));
                case "contains":
                    if (b == null) {
                        throw error("contains(a, b) needs two arguments");
                    }
                    if (a.isArray()) {
                        for (JsonNode x : a) {
                            if (jsonEquals(x, b)) {
                                return F.booleanNode(true);
                            }
                        }
                        return F.booleanNode(false);
                    }
                    if (a.isObject()) {
                        return F.booleanNode(a.has(text(b)));
                    }
                    return F.booleanNode(text(a).contains(text(b)));
                default:
                    throw error("unknown function '" + name + "' (len, exists, contains, lower, upper, default)");
            }
        }

        /** After a failed argument, skips to the ',' or ')' that ends it (respecting nesting and quotes). */
        private int skipArgument(int start) {
            int depth = 0;
            char quote = 0;
            for (int i = start; i < src.length(); i++) {
                char ch = src.charAt(i);
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '\'' || ch == '"') {
                    quote = ch;
                } else if (ch == '(' || ch == '[') {
                    depth++;
                } else if ((ch == ')' || ch == ']') && depth > 0) {
                    depth--;
                } else if (depth == 0 && (ch == ',' || ch == ')')) {
                    return i;
                }
            }
            throw error("unclosed function call");
        }

        private void expect(String token) {
            if (!eat(token)) {
                throw error("expected '" + token + "'");
            }
        }

        private static boolean isIdentChar(char ch) {
            return Character.isLetterOrDigit(ch) || ch == '_' || ch == '-';
        }
    }

    /** A new object with one field, for building outputs. */
    static ObjectNode obj(String k, JsonNode v) {
        ObjectNode o = Json.object();
        o.set(k, v);
        return o;
    }
}
