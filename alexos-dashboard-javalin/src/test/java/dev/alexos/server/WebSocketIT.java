package dev.alexos.server;

import static dev.alexos.server.ServerFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.json.Json;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ws} against the real event bus: resume after a disconnect, slow clients. */
class WebSocketIT {
    @TempDir
    static Path data;
    static ServerFixture fx;

    @BeforeAll
    static void start() {
        fx = new ServerFixture(data, Map.of("ws_queue_capacity", 256, "ws_max_in_flight", 128));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static final class Client implements WebSocket.Listener {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        final StringBuilder partial = new StringBuilder();
        final AtomicReference<String> closed = new AtomicReference<>();
        final AtomicInteger closeCode = new AtomicInteger();
        final boolean reads;
        WebSocket ws;

        Client(boolean reads) {
            this.reads = reads;
        }

        static Client open(boolean reads) {
            Client c = new Client(reads);
            c.ws = fx.http.newWebSocketBuilder().header("Authorization", "Bearer " + VIEWER)
                    .buildAsync(URI.create(fx.base.replace("http", "ws") + "/ws"), c).join();
            return c;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(Json.mapper().readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            // a slow client stops asking for more after its first message: the socket backs up
            if (reads || received.isEmpty()) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.set(statusCode);
            closed.set(reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.compareAndSet(null, "error: " + error);
        }

        List<Long> seqs(String topic) {
            return received.stream().filter(n -> n.path("type").asText().equals("event"))
                    .filter(n -> n.path("topic").asText().equals(topic)).map(n -> n.path("seq").asLong()).toList();
        }

        boolean has(String type) {
            return received.stream().anyMatch(n -> n.path("type").asText().equals(type));
        }
    }

    static int wsClients() {
        try {
            String metrics = fx.send("GET", "/metrics", VIEWER, null, (String) null).body();
            return metrics.lines().filter(l -> l.startsWith("alexos_ws_clients ")).map(l -> l.split(" ")[1])
                    .mapToInt(v -> (int) Double.parseDouble(v)).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void resumesAfterADisconnectWithoutMissingEvents() {
        EventBus bus = fx.server.runtime().eventBus();
        Client c = Client.open(true);
        c.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"resume_it.*\"]}", true);
        await().until(() -> c.has("subscribed"));
        for (int i = 0; i < 10; i++) {
            bus.publish("resume_it.tick", "it", Json.object().put("i", i));
        }
        await().until(() -> c.seqs("resume_it.tick").size() == 10);
        long last = c.seqs("resume_it.tick").get(9);
        c.ws.abort();
        List<Long> published = new CopyOnWriteArrayList<>();
        for (int i = 10; i < 30; i++) {
            published.add(bus.publish("resume_it.tick", "it", Json.object().put("i", i)).seq());
        }
        Client again = Client.open(true);
        again.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"resume_it.*\"],\"since\":" + last + "}", true);
        // events published while the resume is being served must come once, in order, after the replay
        for (int i = 30; i < 40; i++) {
            published.add(bus.publish("resume_it.tick", "it", Json.object().put("i", i)).seq());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> again.seqs("resume_it.tick").size() >= 30);
        assertThat(again.seqs("resume_it.tick")).containsExactlyElementsOf(published);
        assertThat(again.has("gap")).isFalse();
    }

    @Test
    void aSlowClientIsDroppedAndDoesNotDelayAFastOne() {
        EventBus bus = fx.server.runtime().eventBus();
        int before = wsClients();
        Client slow = Client.open(false);
        Client fast = Client.open(true);
        slow.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"slow_it.*\"]}", true);
        fast.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"slow_it.*\"]}", true);
        await().until(() -> slow.has("subscribed") && fast.has("subscribed"));
        assertThat(wsClients()).isEqualTo(before + 2);
        String filler = "x".repeat(8 * 1024);
        // rounds of 50: the fast client keeps up with each round; the slow one never reads, so its
        // socket backs up until the server drops it. Bounded: at most 400 rounds.
        int sent = 0;
        for (int round = 0; round < 400 && wsClients() == before + 2; round++) {
            for (int i = 0; i < 50; i++) {
                bus.publish("slow_it.bulk", "it", Json.object().put("i", sent++).put("pad", filler));
            }
            int expected = sent;
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.seqs("slow_it.bulk").size() == expected);
        }
        int n = sent;
        assertThat(wsClients()).as("the slow client was dropped by the server").isEqualTo(before + 1);
        // once it reads again, the slow client finds the close frame and its reason behind the backlog
        slow.ws.request(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.closed.get() != null);
        assertThat(slow.closeCode.get()).isEqualTo(1008);
        assertThat(slow.closed.get()).containsAnyOf("slow consumer", "events dropped");
        assertThat(fast.closed.get()).isNull();
        assertThat(slow.seqs("slow_it.bulk").size()).isLessThan(n);
    }
}
