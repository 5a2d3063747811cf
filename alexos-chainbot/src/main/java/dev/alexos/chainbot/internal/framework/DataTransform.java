package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record pipeline of the {@code data_processor} agent: parse JSON or CSV into records,
 * apply operations in order, write JSON or CSV. Operations ({@code op}): {@code select}
 * (fields), {@code rename} (from, to), {@code filter} (field, cmp: eq|ne|gt|gte|lt|lte|contains|exists,
 * value), {@code sort} (field, order), {@code limit} (count), {@code set} (field, value),
 * {@code distinct} (fields?), {@code aggregate} (group_by, metrics: [{fn: count|sum|avg|min|max, field, as}]).
 * Values from CSV are text; comparisons and sums treat text that is a number as a number.
 * Stateless and thread-safe.
 */
final class DataTransform {
    private static final CsvMapper CSV = new CsvMapper();
    private static final Set<String> OPS = Set.of("select", "rename", "filter", "sort", "limit", "set", "distinct", "aggregate");
    private static final Set<String> CMPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "contains", "exists");
    private static final Set<String> FNS = Set.of("count", "sum", "avg", "min", "max");

    private DataTransform() {
    }

    /** Checks a list of operations; messages name {@code <where>[i].<field>}. */
    static void validate(JsonNode ops, String where) {
        if (ops == null || ops.isNull()) {
            return;
        }
        if (!ops.isArray()) {
            throw new IllegalArgumentException(where + ": expected an array of operations");
        }
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            String at = where + "[" + i + "]";
            String name = op.path("op").asText("");
            if (!OPS.contains(name)) {
                throw new IllegalArgumentException(at + ".op: expected one of " + new java.util.TreeSet<>(OPS));
            }
            switch (name) {
                case "select" -> requireArray(op, "fields", at);
                case "rename" -> {
                    requireText(op, "from", at);
                    requireText(op, "to", at);
                }
                case "filter" -> {
                    requireText(op, "field", at);
                    String cmp = op.path("cmp").asText("eq");
                    if (!CMPS.contains(cmp)) {
                        throw new IllegalArgumentException(at + ".cmp: expected one of " + new java.util.TreeSet<>(CMPS));
                    }
                    if (!cmp.equals("exists") && !op.has("value")) {
                        throw new IllegalArgumentException(at + ".value: required");
                    }
                }
                case "sort" -> {
                    requireText(op, "field", at);
                    String order = op.path("order").asText("asc");
                    if (!order.equals("asc") && !order.equals("desc")) {
                        throw new IllegalArgumentException(at + ".order: expected asc or desc");
                    }
                }
                case "limit" -> {
                    if (!op.path("count").canConvertToInt() || op.path("count").asInt() < 0) {
                        throw new IllegalArgumentException(at + ".count: expected a non-negative integer");
                    }
                }
                case "set" -> {
                    requireText(op, "field", at);
                    if (!op.has("value")) {
                        throw new IllegalArgumentException(at + ".value: required");
                    }
                }
                case "aggregate" -> {
                    JsonNode metrics = op.path("metrics");
                    if (!metrics.isArray() || metrics.isEmpty()) {
                        throw new IllegalArgumentException(at + ".metrics: expected a non-empty array");
                    }
                    for (int j = 0; j < metrics.size(); j++) {
                        String fn = metrics.get(j).path("fn").asText("");
                        if (!FNS.contains(fn)) {
                            throw new IllegalArgumentException(at + ".metrics[" + j + "].fn: expected one of "
                                    + new java.util.TreeSet<>(FNS));
                        }
                        if (!fn.equals("count") && !metrics.get(j).path("field").isTextual()) {
                            throw new IllegalArgumentException(at + ".metrics[" + j + "].field: required for " + fn);
                        }
                    }
                }
                default -> { }
            }
        }
    }

    private static void requireText(JsonNode op, String field, String at) {
        if (!op.path(field).isTextual() || op.get(field).asText().isEmpty()) {
            throw new IllegalArgumentException(at + "." + field + ": required text");
        }
    }

    private static void requireArray(JsonNode op, String field, String at) {
        if (!op.path(field).isArray()) {
            throw new IllegalArgumentException(at + "." + field + ": expected an array of field names");
        }
    }

    /** Parses the input: a JSON array of objects, one object, or text in {@code format} (json|csv). */
    static List<ObjectNode> parse(JsonNode input, String format) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw new IllegalArgumentException("input: required (a JSON array of objects, or JSON/CSV text)");
        }
        if (input.isTextual()) {
            String text = input.asText();
            if ("csv".equals(format)) {
                return parseCsv(text);
            }
            try {
                return parse(Json.mapper().readTree(text), "json");
            } catch (IOException e) {
                if ("json".equals(format)) {
                    throw new IllegalArgumentException("input: not valid JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage()) + ")");
                }
                return parseCsv(text);
            }
        }
        if (input.isObject()) {
            return List.of((ObjectNode) input.deepCopy());
        }
        if (!input.isArray()) {
            throw new IllegalArgumentException("input: expected an array of objects, an object or text");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isObject()) {
                throw new IllegalArgumentException("input[" + i + "]: expected an object");
            }
            out.add(input.get(i).deepCopy());
        }
        return out;
    }

    private static List<ObjectNode> parseCsv(String text) {
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            List<ObjectNode> out = new ArrayList<>();
            while (it.hasNext()) {
                ObjectNode o = Json.object();
                it.next().forEach(o::put);
                out.add(o);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("input: not valid CSV with a header row (" + e.getMessage() + ")");
        }
    }

    /** Applies the operations in order. */
    static List<ObjectNode> apply(List<ObjectNode> records, JsonNode ops) {
        List<ObjectNode> rows = new ArrayList<>(records);
        if (ops == null || ops.isNull()) {
            return rows;
        }
        for (JsonNode op : ops) {
            rows = switch (op.get("op").asText()) {
                case "select" -> rows.stream().map(r -> {
                    ObjectNode o = Json.object();
                    op.get("fields").forEach(f -> {
                        if (r.has(f.asText())) {
                            o.set(f.asText(), r.get(f.asText()));
                        }
                    });
                    return o;
                }).toList();
                case "rename" -> rows.stream().map(r -> {
                    ObjectNode o = r.deepCopy();
                    JsonNode v = o.remove(op.get("from").asText());
                    if (v != null) {
                        o.set(op.get("to").asText(), v);
                    }
                    return o;
                }).toList();
                case "filter" -> rows.stream().filter(r -> matches(r.get(op.get("field").asText()),
                        op.path("cmp").asText("eq"), op.get("value"))).toList();
                case "sort" -> {
                    Comparator<ObjectNode> c = Comparator.comparing(r -> r.get(op.get("field").asText()), DataTransform::compare);
                    List<ObjectNode> sorted = new ArrayList<>(rows);
                    sorted.sort(op.path("order").asText("asc").equals("desc") ? c.reversed() : c);
                    yield sorted;
                }
                case "limit" -> rows.subList(0, Math.min(rows.size(), op.get("count").asInt()));
                case "set" -> rows.stream().map(r -> {
                    ObjectNode o = r.deepCopy();
                    o.set(op.get("field").asText(), op.get("value"));
                    return o;
                }).toList();
                case "distinct" -> distinct(rows, op.path("fields"));
                case "aggregate" -> aggregate(rows, op);
                default -> throw new IllegalArgumentException("op: unknown operation " + op.get("op"));
            };
        }
        return rows;
    }

    private static List<ObjectNode> distinct(List<ObjectNode> rows, JsonNode fields) {
        Map<String, ObjectNode> seen = new LinkedHashMap<>();
        for (ObjectNode r : rows) {
            String key;
            if (fields.isArray() && !fields.isEmpty()) {
                ArrayNode k = Json.array();
                fields.forEach(f -> k.add(r.path(f.asText())));
                key = k.toString();
            } else {
                key = r.toString();
            }
            seen.putIfAbsent(key, r);
        }
        return new ArrayList<>(seen.values());
    }

    private static List<ObjectNode> aggregate(List<ObjectNode> rows, JsonNode op) {
        List<String> groupBy = new ArrayList<>();
        JsonNode g = op.path("group_by");
        if (g.isTextual()) {
            groupBy.add(g.asText());
        } else if (g.isArray()) {
            g.forEach(f -> groupBy.add(f.asText()));
        }
        Map<String, List<ObjectNode>> groups = new LinkedHashMap<>();
        for (ObjectNode r : rows) {
            ArrayNode k = Json.array();
            groupBy.forEach(f -> k.add(r.path(f)));
            groups.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(r);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (List<ObjectNode> members : groups.values()) {
            ObjectNode o = Json.object();
            groupBy.forEach(f -> o.set(f, members.get(0).get(f)));
            for (JsonNode m : op.get("metrics")) {
                String fn = m.get("fn").asText();
                String field = m.path("field").asText(null);
                String as = m.path("as").asText(field == null ? fn : fn + "_" + field);
                if (fn.equals("count")) {
                    o.put(as, members.size());
                    continue;
                }
                List<BigDecimal> nums = new ArrayList<>();
                for (ObjectNode r : members) {
                    BigDecimal d = number(r.get(field));
                    if (d != null) {
                        nums.add(d);
                    }
                }
                if (nums.isEmpty()) {
                    o.putNull(as);
                    continue;
                }
                BigDecimal v = switch (fn) {
                    case "sum" -> nums.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    case "avg" -> nums.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                            .divide(BigDecimal.valueOf(nums.size()), java.math.MathContext.DECIMAL64);
                    case "min" -> nums.stream().min(BigDecimal::compareTo).orElseThrow();
                    default -> nums.stream().max(BigDecimal::compareTo).orElseThrow();
                };
                BigDecimal plain = v.stripTrailingZeros();
                if (plain.scale() <= 0) {
                    o.put(as, plain.toBigInteger());
                } else {
                    o.put(as, plain.doubleValue());
                }
            }
            out.add(o);
        }
        return out;
    }

    private static boolean matches(JsonNode actual, String cmp, JsonNode expected) {
        if (cmp.equals("exists")) {
            return actual != null && !actual.isNull();
        }
        if (actual == null || actual.isNull()) {
            return cmp.equals("ne") && expected != null && !expected.isNull();
        }
        int c = compare(actual, expected);
        return switch (cmp) {
            case "eq" -> c == 0;
            case "ne" -> c != 0;
            case "gt" -> c > 0;
            case "gte" -> c >= 0;
            case "lt" -> c < 0;
            case "lte" -> c <= 0;
            default -> actual.asText().contains(expected.asText());
        };
    }

    /** Numbers compare as numbers (text that is a number too), everything else as text; missing sorts first. */
    static int compare(JsonNode a, JsonNode b) {
        boolean aMissing = a == null || a.isNull();
        boolean bMissing = b == null || b.isNull();
        if (aMissing || bMissing) {
            return Boolean.compare(!aMissing, !bMissing);
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return a.asText().compareTo(b.asText());
    }

    private static BigDecimal number(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Writes records as CSV with a header of every field seen, in first-seen order. */
    static String toCsv(List<ObjectNode> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        List<Map<String, String>> data = new ArrayList<>();
        for (ObjectNode r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String c : columns) {
                JsonNode v = r.get(c);
                m.put(c, v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
            }
            data.add(m);
        }
        try {
            return CSV.writer(schema.build()).writeValueAsString(data);
        } catch (IOException e) {
            throw new IllegalStateException("could not write CSV: " + e.getMessage(), e);
        }
    }
}
