package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Dotted paths with indexes: {@code steps.fetch.output.items[0].id}, {@code data['a.b']},
 * and a leading {@code $.} as in JSON path. Missing parts are errors naming the path.
 */
final class JsonPaths {
    private JsonPaths() {
    }

    /** Splits a path into segments; an index segment is {@code [n]}. */
    static List<String> parse(String path) {
        String p = path.trim();
        if (p.startsWith("$.")) {
            p = p.substring(2);
        } else if (p.equals("$")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                flush(out, cur, path);
                i++;
            } else if (c == '[') {
                flushIfAny(out, cur);
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw new ExpressionException("path '" + path + "': unclosed '['");
                }
                String inner = p.substring(i + 1, close).trim();
                if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith("\"") && inner.endsWith("\""))) {
                    out.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("-?\\d+")) {
                    out.add("[" + inner + "]");
                } else {
                    throw new ExpressionException("path '" + path + "': index '" + inner + "' is not a number or quoted key");
                }
                i = close + 1;
                if (i < p.length() && p.charAt(i) == '.') {
                    i++;
                }
            } else {
                cur.append(c);
                i++;
            }
        }
        flushIfAny(out, cur);
        if (out.isEmpty()) {
            throw new ExpressionException("empty path");
        }
        return out;
    }

    private static void flush(List<String> out, StringBuilder cur, String path) {
        if (cur.length() == 0) {
            throw new ExpressionException("path '" + path + "': empty segment");
        }
        out.add(cur.toString().trim());
        cur.setLength(0);
    }

    private static void flushIfAny(List<String> out, StringBuilder cur) {
        if (cur.length() > 0) {
            out.add(cur.toString().trim());
            cur.setLength(0);
        }
    }

    /**
     * Follows {@code segments[from..]} into {@code node}.
     *
     * @param shown how the path is shown in errors
     * @throws ExpressionException naming the missing segment and the path
     */
    static JsonNode navigate(JsonNode node, List<String> segments, int from, String shown) {
        JsonNode cur = node;
        StringBuilder walked = new StringBuilder();
        for (int i = 0; i < from; i++) {
            append(walked, segments.get(i));
        }
        for (int i = from; i < segments.size(); i++) {
            String seg = segments.get(i);
            JsonNode next = null;
            if (seg.startsWith("[") && seg.endsWith("]")) {
                int idx = Integer.parseInt(seg.substring(1, seg.length() - 1));
                if (cur != null && cur.isArray()) {
                    next = cur.get(idx < 0 ? cur.size() + idx : idx);
                }
            } else if (cur != null && cur.isObject()) {
                next = cur.get(seg);
            } else if (cur != null && cur.isArray() && seg.equals("length")) {
                next = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(cur.size());
            }
            if (next == null || next.isMissingNode()) {
                String where = walked.length() == 0 ? "the scope" : walked.toString();
                throw new ExpressionException("${" + shown + "}: '" + seg + "' not found in " + where
                        + (cur == null || cur.isNull() ? " (which is null)" : ""));
            }
            append(walked, seg);
            cur = next;
        }
        return cur;
    }

    private static void append(StringBuilder b, String seg) {
        if (seg.startsWith("[")) {
            b.append(seg);
        } else {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(seg);
        }
    }
}
