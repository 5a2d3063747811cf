package dev.alexos.bench.watchtower;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.Subscription;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An EventBus subscriber to {@code watchtower.container_status_changed}: completes the future
 * {@link #expect expected} for a container with the {@link WallClock} time at which the
 * listener saw its change to {@code exited}.
 */
final class ExitedEvents implements AutoCloseable {
    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    private final Subscription subscription;

    ExitedEvents(EventBus bus) {
        subscription = bus.subscribe("watchtower.container_status_changed", this::onEvent);
    }

    private void onEvent(Event e) {
        long now = WallClock.nanos();
        if ("exited".equals(e.data().path("new_status").asText())) {
            CompletableFuture<Long> f = pending.remove(e.data().path("id").asText());
            if (f != null) {
                f.complete(now);
            }
        }
    }

    /** Registers interest before the stop is sent, so an early event is not missed. */
    CompletableFuture<Long> expect(String containerId) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        pending.put(containerId, f);
        return f;
    }

    @Override
    public void close() {
        subscription.cancel();
    }
}
