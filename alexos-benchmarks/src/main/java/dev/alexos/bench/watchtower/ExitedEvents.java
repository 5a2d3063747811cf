package dev.alexos.bench.watchtower;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.Subscription;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An EventBus subscriber to {@code watchtower.container_status_changed}: completes the future
 * {@link #expect expected} for a container with the {@link WallClock} time at which the
 * listener saw its change to {@code exited}.
 */
final class ExitedEvents implements AutoCloseable {
    /**
     * One sighting: when the listener ran, and the engine's time of the {@code die} event
     * ({@code engine_time} of the event's data, when Watchtower sends it; else -1).
     */
    record Seen(long at, long engineTime) {
    }

    private final Map<String, CompletableFuture<Seen>> pending = new ConcurrentHashMap<>();
    private final Subscription subscription;

    ExitedEvents(EventBus bus) {
        subscription = bus.subscribe("watchtower.container_status_changed", this::onEvent);
    }

    private void onEvent(Event e) {
        long now = WallClock.nanos();
        if ("exited".equals(e.data().path("new_status").asText())) {
            CompletableFuture<Seen> f = pending.remove(e.data().path("id").asText());
            if (f != null) {
                String engineTime = e.data().path("engine_time").asText("");
                f.complete(new Seen(now, engineTime.isEmpty() ? -1 : WallClock.of(Instant.parse(engineTime))));
            }
        }
    }

    /** Registers interest before the stop is sent, so an early event is not missed. */
    CompletableFuture<Seen> expect(String containerId) {
        CompletableFuture<Seen> f = new CompletableFuture<>();
        pending.put(containerId, f);
        return f;
    }

    @Override
    public void close() {
        subscription.cancel();
    }
}
