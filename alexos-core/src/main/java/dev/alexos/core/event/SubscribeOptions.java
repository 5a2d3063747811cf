package dev.alexos.core.event;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a subscription queues events.
 *
 * @param name a name for logs and metrics (e.g. {@code ws-client-12})
 * @param queueCapacity bound on queued, undelivered events (≥ 1)
 * @param overflow what to do when the queue is full
 * @param onCancelled called once, with the reason, when the bus cancels the subscription
 *     (overflow with {@link OverflowPolicy#CANCEL}, or bus closed); may be a no-op
 */
public record SubscribeOptions(String name, int queueCapacity, OverflowPolicy overflow, Consumer<String> onCancelled) {

    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    public SubscribeOptions {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
        }
        Objects.requireNonNull(overflow, "overflow");
        name = name == null ? "subscriber" : name;
        onCancelled = onCancelled == null ? reason -> { } : onCancelled;
    }

    public static SubscribeOptions defaults() {
        return new SubscribeOptions(null, DEFAULT_QUEUE_CAPACITY, OverflowPolicy.DROP_OLDEST, null);
    }

    public static SubscribeOptions of(String name, int queueCapacity, OverflowPolicy overflow) {
        return new SubscribeOptions(name, queueCapacity, overflow, null);
    }

    public SubscribeOptions withOnCancelled(Consumer<String> callback) {
        return new SubscribeOptions(name, queueCapacity, overflow, callback);
    }
}
