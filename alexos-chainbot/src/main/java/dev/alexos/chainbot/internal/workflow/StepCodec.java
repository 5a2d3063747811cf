package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A step record as one compact JSON object (UTF-8), the form it takes both in a journal frame
 * and, as an element of a JSON array, in the run's {@code steps} column once compacted.
 * Written with Jackson's streaming generator: no intermediate tree per record.
 */
final class StepCodec {
    /** A value above this many characters is recorded as a note instead (as the H2 columns did). */
    static final int MAX_JSON_CHARS = 1_000_000;

    private StepCodec() {
    }

    /** The record's JSON bytes; oversized values are replaced by {@code {"truncated":true,"chars":n}}. */
    static byte[] encode(StepRecord s) {
        byte[] b = write(s, false);
        return b.length <= MAX_JSON_CHARS ? b : write(s, true);
    }

    private static byte[] write(StepRecord s, boolean limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("key", s.stepKey());
            g.writeStringField("id", s.stepId());
            g.writeStringField("type", s.type());
            g.writeStringField("status", s.status().wireName());
            tree(g, "input", s.input(), limit);
            tree(g, "output", s.output(), limit);
            if (s.error() != null) {
                g.writeStringField("error", s.error());
            }
            g.writeNumberField("attempts", s.attempts());
            if (s.startedAt() != null) {
                g.writeNumberField("started_at", s.startedAt().toEpochMilli());
            }
            if (s.completedAt() != null) {
                g.writeNumberField("completed_at", s.completedAt().toEpochMilli());
            }
            tree(g, "state", s.state(), limit);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode step record " + s.stepKey(), e);
        }
        return out.toByteArray();
    }

    private static void tree(JsonGenerator g, String field, JsonNode n, boolean limit) throws IOException {
        if (n == null) {
            return;
        }
        g.writeFieldName(field);
        if (limit) {
            String text = n.toString();
            if (text.length() > MAX_JSON_CHARS / 4) {
                g.writeStartObject();
                g.writeBooleanField("truncated", true);
                g.writeNumberField("chars", text.length());
                g.writeEndObject();
                return;
            }
        }
        node(g, n);
    }

    /**
     * Writes a tree by hand: {@code writeTree} builds a serializer provider per call, which was a
     * good share of a pure step's cost.
     */
    private static void node(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (var it = n.fields(); it.hasNext(); ) {
                    var e = it.next();
                    g.writeFieldName(e.getKey());
                    node(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode v : n) {
                    node(g, v);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                    default -> g.writeNumber(n.doubleValue());
                }
            }
            default -> g.writeTree(n); // binary, POJO: rare, let Jackson handle them
        }
    }

    static StepRecord decode(byte[] json, int offset, int length) {
        try {
            return fromNode(Json.mapper().readTree(json, offset, length));
        } catch (IOException e) {
            throw new IllegalStateException("corrupt step record in the workflow store: " + e.getMessage(), e);
        }
    }

    static StepRecord fromNode(JsonNode n) {
        if (n == null || !n.isObject() || !n.hasNonNull("key") || !n.hasNonNull("status")) {
            throw new IllegalStateException("corrupt step record in the workflow store: " + n);
        }
        return new StepRecord(n.get("key").asText(), n.path("id").asText(), n.path("type").asText(),
                StepStatus.parse(n.get("status").asText()), nullable(n.get("input")), nullable(n.get("output")),
                n.hasNonNull("error") ? n.get("error").asText() : null, n.path("attempts").asInt(),
                time(n.get("started_at")), time(n.get("completed_at")), nullable(n.get("state")));
    }

    /** The JSON array of the {@code steps} column: the encoded records joined, without re-encoding. */
    static String array(Collection<byte[]> records) {
        int size = 2;
        for (byte[] r : records) {
            size += r.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        boolean first = true;
        for (byte[] r : records) {
            if (!first) {
                out.write(',');
            }
            out.write(r, 0, r.length);
            first = false;
        }
        out.write(']');
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses a {@code steps} column; each element with its bytes (for the next compaction). */
    static List<Encoded> parseArray(String text) {
        List<Encoded> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try {
            JsonNode arr = Json.mapper().readTree(text);
            if (!arr.isArray()) {
                throw new IllegalStateException("corrupt step list in the workflow store: not an array");
            }
            for (JsonNode n : arr) {
                out.add(new Encoded(fromNode(n), Json.mapper().writeValueAsBytes(n)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt step list in the workflow store: " + e.getMessage(), e);
        }
        return out;
    }

    /** Absent means {@code null}; an explicit JSON null stays a null node, as it was recorded. */
    private static JsonNode nullable(JsonNode n) {
        return n;
    }

    private static Instant time(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.ofEpochMilli(n.asLong());
    }

    /** A record with the bytes it is stored as. */
    record Encoded(StepRecord record, byte[] json) {
    }
}
