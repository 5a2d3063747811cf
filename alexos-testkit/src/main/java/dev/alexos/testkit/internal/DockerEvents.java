package dev.alexos.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.alexos.testkit.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The fake engine's event history and its {@code GET /events} streams. Thread-safe. */
public final class DockerEvents {
    private static final ObjectNode END = DockerJson.MAPPER.createObjectNode();
    private static final int HISTORY = 10_000;

    private final CountDownLatch serverClosed;
    private final List<ObjectNode> history = new ArrayList<>();
    private final List<BlockingQueue<ObjectNode>> streams = new CopyOnWriteArrayList<>();

    public DockerEvents(CountDownLatch serverClosed) {
        this.serverClosed = serverClosed;
    }

    /** Records an event and hands it to every open stream. */
    public void publish(ObjectNode event) {
        synchronized (history) {
            history.add(event);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
            for (BlockingQueue<ObjectNode> q : streams) {
                q.add(event);
            }
        }
    }

    /** Ends every open stream. */
    public void endStreams() {
        for (BlockingQueue<ObjectNode> q : streams) {
            q.add(END);
        }
    }

    public int openStreams() {
        return streams.size();
    }

    /** Serves one {@code /events} request: history since {@code since}, then live events unless {@code until}. */
    public void stream(HttpExchange ex, RecordedRequest req, Clock clock) throws IOException {
        Map<String, List<String>> filters;
        long since;
        Long until;
        try {
            filters = filters(req.queryParam("filters"));
            since = seconds(req.queryParam("since"), Long.MIN_VALUE);
            String u = req.queryParam("until");
            until = u == null || u.isEmpty() ? null : seconds(u, 0);
        } catch (IllegalArgumentException e) {
            ReplyWriter.write(ex, dev.alexos.testkit.HttpReply.json(400, Map.of("message", e.getMessage())), serverClosed);
            return;
        }
        BlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();
        List<ObjectNode> backlog = new ArrayList<>();
        synchronized (history) {
            for (ObjectNode e : history) {
                long t = e.get("time").asLong();
                if (t >= since && (until == null || t <= until)) {
                    backlog.add(e);
                }
            }
            if (until == null) {
                streams.add(queue);
            }
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Api-Version", "1.43");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            for (ObjectNode e : backlog) {
                write(out, e, filters);
            }
            if (until != null) {
                return;
            }
            while (serverClosed.getCount() > 0) {
                ObjectNode e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e == END) {
                    return;
                }
                if (e != null) {
                    write(out, e, filters);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(queue);
            out.close();
        }
    }

    private static void write(OutputStream out, ObjectNode e, Map<String, List<String>> filters) throws IOException {
        if (!matches(e, filters)) {
            return;
        }
        out.write((e.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static boolean matches(JsonNode e, Map<String, List<String>> filters) {
        List<String> types = filters.get("type");
        if (types != null && !types.contains(e.path("Type").asText())) {
            return false;
        }
        List<String> actions = filters.get("event");
        String action = e.path("Action").asText();
        if (actions != null && actions.stream().noneMatch(a -> action.equals(a) || action.startsWith(a + ":"))) {
            return false;
        }
        List<String> containers = filters.get("container");
        return containers == null || containers.stream().anyMatch(c -> e.path("id").asText().startsWith(c)
                || c.equals(e.path("Actor").path("Attributes").path("name").asText()));
    }

    /** Parses Docker's {@code filters} query value: {@code {"key":["v1","v2"]}} (or {@code {"key":{"v1":true}}}). */
    public static Map<String, List<String>> filters(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = DockerJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid filters: " + json);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("invalid filters: " + json);
        }
        root.properties().forEach(f -> {
            List<String> values = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> values.add(v.asText()));
            } else if (f.getValue().isObject()) {
                f.getValue().fieldNames().forEachRemaining(values::add);
            }
            out.put(f.getKey(), values);
        });
        return out;
    }

    private static long seconds(String value, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return (long) Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since/until must be a unix time in seconds, was " + value);
        }
    }
}
