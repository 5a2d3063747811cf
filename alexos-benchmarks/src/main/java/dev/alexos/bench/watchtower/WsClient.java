package dev.alexos.bench.watchtower;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code /ws} client ({@link java.net.http.WebSocket}) subscribed to {@code watchtower.*}:
 * stamps each {@code container_status_changed → exited} event with {@link WallClock} time
 * as its last frame arrives, into the {@link Arrivals} registered for that container.
 */
final class WsClient implements WebSocket.Listener {
    /** Arrival times of one container's event at every client. */
    static final class Arrivals {
        final long[] nanos;
        final CountDownLatch all;

        Arrivals(int clients) {
            nanos = new long[clients];
            all = new CountDownLatch(clients);
        }

        boolean await(Duration max) throws InterruptedException {
            return all.await(max.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final int index;
    private final Map<String, Arrivals> expected;
    private final StringBuilder partial = new StringBuilder();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    final AtomicReference<String> failure = new AtomicReference<>();
    private WebSocket ws;

    private WsClient(int index, Map<String, Arrivals> expected) {
        this.index = index;
        this.expected = expected;
    }

    /** Connects with a bearer token, subscribes and waits for {@code subscribed}. */
    static WsClient open(HttpClient http, String wsUrl, String token, int index, ConcurrentHashMap<String, Arrivals> expected)
            throws InterruptedException {
        WsClient c = new WsClient(index, expected);
        c.ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(wsUrl), c).join();
        c.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"watchtower.*\"]}", true).join();
        if (!c.subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("client " + index + ": no 'subscribed' answer within 30 s");
        }
        return c;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = WallClock.nanos();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                handle(Json.mapper().readTree(text), now);
            } catch (Exception e) {
                failure.compareAndSet(null, "unreadable message: " + e);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(JsonNode m, long now) {
        String type = m.path("type").asText();
        if (type.equals("subscribed")) {
            subscribed.countDown();
        } else if (type.equals("error") || type.equals("gap")) {
            failure.compareAndSet(null, m.toString());
        } else if (type.equals("event") && m.path("topic").asText().equals("watchtower.container_status_changed")
                && m.path("data").path("new_status").asText().equals("exited")) {
            Arrivals a = expected.get(m.path("data").path("id").asText());
            if (a != null && a.nanos[index] == 0) {
                a.nanos[index] = now;
                a.all.countDown();
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failure.compareAndSet(null, "closed by the server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failure.compareAndSet(null, "error: " + error);
    }

    void close() {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }
}
