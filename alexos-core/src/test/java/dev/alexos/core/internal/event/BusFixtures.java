package dev.alexos.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Shared helpers for the event bus tests. */
final class BusFixtures {
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private BusFixtures() {
    }

    /** Waits for a condition: checked at once, then every 2 ms, for up to 20 s. */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2));
    }

    /** A bus with a fixed clock and ids {@code id-1, id-2, ...}. */
    static DefaultEventBus newBus(int replayCapacity) {
        return newBus(replayCapacity, BusSettings.defaults());
    }

    static DefaultEventBus newBus(int replayCapacity, BusSettings settings) {
        AtomicLong ids = new AtomicLong();
        return new DefaultEventBus(CLOCK, replayCapacity, () -> "id-" + ids.incrementAndGet(), settings);
    }

    static ObjectNode data(String key, long value) {
        ObjectNode node = Json.object();
        node.put(key, value);
        return node;
    }

    /** Records what it receives, in order. */
    static final class Recorder implements EventListener {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        List<Long> seqs() {
            return events.stream().map(Event::seq).toList();
        }
    }

    /**
     * Records events and blocks inside the first one until {@link #release()}: a subscriber that
     * is stuck, made deterministic.
     */
    static final class BlockingRecorder implements EventListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEvent(Event event) throws InterruptedException {
            events.add(event);
            entered.countDown();
            release.await();
        }

        void awaitBlocked() throws InterruptedException {
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("listener was never called");
            }
        }

        void release() {
            release.countDown();
        }

        List<Long> seqs() {
            return events.stream().map(Event::seq).toList();
        }
    }
}
