package dev.alexos.server.internal.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import dev.alexos.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client of {@code /ws}. It holds one bus subscription ({@code *}, filtered by the
 * client's patterns) so that events reach it in sequence order even when patterns overlap, and
 * remembers the last sequence number sent so that a replay ({@code since}) and the live stream
 * join without a gap or a duplicate.
 *
 * <p>Back-pressure: the bus queues at most {@code queueCapacity} events for this client
 * ({@link OverflowPolicy#CANCEL}) and at most {@code maxInFlight} messages may wait for the
 * socket; past either bound the client is closed with a reason. Nothing here blocks the bus or
 * other clients. Thread-safe: sends happen under one lock.
 */
final class WsClient {
    private static final Logger LOG = LoggerFactory.getLogger(WsClient.class);
    /** Close code for "policy violation": a slow consumer broke the back-pressure contract. */
    static final int CLOSE_SLOW = 1008;
    private static final int MAX_TOPICS = 64;
    private static final int REPLAY_BATCH = 1000;

    private final String id;
    private final Session session;
    private final EventBus bus;
    private final int queueCapacity;
    private final int maxInFlight;
    private final Runnable onClosed;
    private final Object lock = new Object();
    private final Set<TopicPattern> patterns = new LinkedHashSet<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Subscription subscription;
    private long lastSent;

    WsClient(String id, Session session, EventBus bus, int queueCapacity, int maxInFlight, Runnable onClosed) {
        this.id = id;
        this.session = session;
        this.bus = bus;
        this.queueCapacity = queueCapacity;
        this.maxInFlight = maxInFlight;
        this.onClosed = onClosed;
    }

    String id() {
        return id;
    }

    /** Handles one text message from the client. */
    void onMessage(String text) {
        JsonNode msg;
        try {
            msg = Json.mapper().readTree(text);
        } catch (Exception e) {
            sendError("malformed JSON message");
            return;
        }
        if (msg == null || !msg.isObject()) {
            sendError("a message must be a JSON object with an 'action'");
            return;
        }
        String action = msg.path("action").asText("");
        switch (action) {
            case "ping" -> send(Json.object().put("type", "pong"));
            case "subscribe" -> subscribe(msg);
            case "unsubscribe" -> unsubscribe(msg);
            default -> sendError("unknown action '" + abbreviate(action) + "': use subscribe, unsubscribe or ping");
        }
    }

    private List<TopicPattern> topics(JsonNode msg) {
        JsonNode topics = msg.get("topics");
        if (topics == null || !topics.isArray() || topics.isEmpty()) {
            throw new IllegalArgumentException("topics: expected a non-empty array of topic patterns");
        }
        if (topics.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("topics: at most " + MAX_TOPICS + " patterns");
        }
        List<TopicPattern> out = new ArrayList<>();
        for (JsonNode t : topics) {
            if (!t.isTextual()) {
                throw new IllegalArgumentException("topics: every pattern must be a string");
            }
            out.add(TopicPattern.parse(t.asText()));
        }
        return out;
    }

    private void subscribe(JsonNode msg) {
        List<TopicPattern> added;
        Long since = null;
        try {
            added = topics(msg);
            JsonNode s = msg.get("since");
            if (s != null && !s.isNull()) {
                if (!s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0) {
                    throw new IllegalArgumentException("since: expected a sequence number >= 0");
                }
                since = s.asLong();
            }
        } catch (IllegalArgumentException e) {
            sendError(e.getMessage());
            return;
        }
        synchronized (lock) {
            Set<TopicPattern> before = Set.copyOf(patterns);
            patterns.addAll(added);
            if (subscription == null) {
                // the listener takes the same lock, so live events wait until the replay below is sent
                subscription = bus.subscribe("*", this::onLive,
                        SubscribeOptions.of("ws-" + id, queueCapacity, OverflowPolicy.CANCEL)
                                .withOnCancelled(reason -> close(CLOSE_SLOW, "events dropped: " + reason)));
            }
            ArrayNode names = Json.array();
            patterns.forEach(p -> names.add(p.toString()));
            send(Json.object().put("type", "subscribed").set("topics", names));
            if (since != null) {
                replay(since, added, before);
            }
        }
    }

    private void replay(long since, List<TopicPattern> added, Set<TopicPattern> before) {
        long after = since;
        boolean first = true;
        while (!closed.get()) {
            Replay r = bus.replay(after, "*", REPLAY_BATCH);
            if (first && r.gap()) {
                send(Json.object().put("type", "gap").put("from", since + 1).put("to", r.oldestAvailable() - 1));
            }
            first = false;
            for (Event e : r.events()) {
                boolean wanted = added.stream().anyMatch(p -> p.matches(e.topic()));
                boolean alreadySent = e.seq() <= lastSent && before.stream().anyMatch(p -> p.matches(e.topic()));
                if (wanted && !alreadySent) {
                    send(eventJson(e));
                }
                lastSent = Math.max(lastSent, e.seq());
                after = e.seq();
            }
            if (r.events().size() < REPLAY_BATCH || after >= r.lastSeq()) {
                return;
            }
        }
    }

    private void unsubscribe(JsonNode msg) {
        try {
            List<TopicPattern> removed = topics(msg);
            synchronized (lock) {
                patterns.removeAll(removed);
                ArrayNode names = Json.array();
                patterns.forEach(p -> names.add(p.toString()));
                send(Json.object().put("type", "subscribed").set("topics", names));
            }
        } catch (IllegalArgumentException e) {
            sendError(e.getMessage());
        }
    }

    private void onLive(Event e) {
        synchronized (lock) {
            if (closed.get() || e.seq() <= lastSent) {
                return;
            }
            lastSent = e.seq();
            for (TopicPattern p : patterns) {
                if (p.matches(e.topic())) {
                    send(eventJson(e));
                    return;
                }
            }
        }
    }

    static ObjectNode eventJson(Event e) {
        ObjectNode o = Json.object();
        o.put("type", "event");
        o.put("seq", e.seq());
        o.put("id", e.id());
        o.put("topic", e.topic());
        o.put("source", e.source());
        o.put("time", e.time().toString());
        o.set("data", e.data());
        return o;
    }

    private void sendError(String message) {
        send(Json.object().put("type", "error").put("message", message));
    }

    private void send(ObjectNode message) {
        if (closed.get()) {
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            close(CLOSE_SLOW, "slow consumer: more than " + maxInFlight + " messages waiting to be written");
            return;
        }
        String text;
        try {
            text = Json.mapper().writeValueAsString(message);
        } catch (Exception e) {
            inFlight.decrementAndGet();
            LOG.warn("could not serialize a message for WebSocket client {}: {}", id, e.toString());
            return;
        }
        try {
            session.sendText(text, Callback.from(inFlight::decrementAndGet, t -> {
                inFlight.decrementAndGet();
                close(1011, "send failed");
            }));
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            close(1011, "send failed");
        }
    }

    /** Closes the socket (once) and cancels the subscription. */
    void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Subscription s;
        synchronized (lock) {
            s = subscription;
            subscription = null;
        }
        if (s != null) {
            s.cancel();
        }
        if (code != 0 && session.isOpen()) {
            try {
                session.close(code, truncate(reason), Callback.NOOP);
            } catch (RuntimeException e) {
                session.disconnect();
            }
        }
        if (code == CLOSE_SLOW) {
            LOG.info("closed WebSocket client {}: {}", id, reason);
        }
        onClosed.run();
    }

    /** WebSocket close reasons are limited to 123 bytes. */
    private static String truncate(String reason) {
        String r = reason == null ? "" : reason;
        while (r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 120) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
