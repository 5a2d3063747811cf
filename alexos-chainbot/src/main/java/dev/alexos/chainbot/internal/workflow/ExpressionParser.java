package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The expression language of {@link Expressions}: a recursive-descent parser that evaluates
 * while it parses, against a {@link Scope}. One instance per evaluation; not thread-safe.
 */
final class ExpressionParser {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String src;
    private final Scope scope;
    private int pos;

    ExpressionParser(String expression, Scope scope) {
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
            left = F.booleanNode(Expressions.truthy(left) || Expressions.truthy(right));
        }
        return left;
    }

    private JsonNode and() {
        JsonNode left = not();
        while (eat("&&") || eat("and")) {
            JsonNode right = not();
            left = F.booleanNode(Expressions.truthy(left) && Expressions.truthy(right));
        }
        return left;
    }

    private JsonNode not() {
        skipWs();
        if (src.startsWith("!=", pos)) {
            throw error("'!=' without a left side");
        }
        if (eat("!") || eat("not")) {
            return F.booleanNode(!Expressions.truthy(not()));
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
                return Expressions.jsonEquals(a, b);
            case "!=":
                return !Expressions.jsonEquals(a, b);
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
            int end = Expressions.closing(src, pos + 2);
            if (end < 0) {
                throw error("unclosed '${'");
            }
            JsonNode v = Expressions.path(src.substring(pos + 2, end), scope);
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
        return Expressions.path(ident, scope);
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
                return F.textNode(Expressions.text(a).toLowerCase(java.util.Locale.ROOT));
            case "upper":
                return F.textNode(Expressions.text(a).toUpperCase(java.util.Locale.ROOT));
            case "contains":
                if (b == null) {
                    throw error("contains(a, b) needs two arguments");
                }
                if (a.isArray()) {
                    for (JsonNode x : a) {
                        if (Expressions.jsonEquals(x, b)) {
                            return F.booleanNode(true);
                        }
                    }
                    return F.booleanNode(false);
                }
                if (a.isObject()) {
                    return F.booleanNode(a.has(Expressions.text(b)));
                }
                return F.booleanNode(Expressions.text(a).contains(Expressions.text(b)));
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
