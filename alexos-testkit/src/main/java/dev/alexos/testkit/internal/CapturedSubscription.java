package dev.alexos.testkit.internal;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.SubscriberStats;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A subscription of the capturing bus: delivers synchronously and counts. Thread-safe. */
public final class CapturedSubscription implements Subscription {
    private final TopicPattern pattern;
    private final EventListener listener;
    private final SubscribeOptions options;
    private final Consumer<CapturedSubscription> onRemove;
    private final AtomicBoolean active = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public CapturedSubscription(TopicPattern pattern, EventListener listener, SubscribeOptions options,
            Consumer<CapturedSubscription> onRemove) {
        this.pattern = pattern;
        this.listener = listener;
        this.options = options;
        this.onRemove = onRemove;
    }

    /** Delivers the event when it matches; a listener failure is counted and added to {@code failures}. */
    public void offer(Event event, List<Throwable> failures) {
        if (!active.get() || !pattern.matches(event.topic())) {
            return;
        }
        delivered.incrementAndGet();
        try {
            listener.onEvent(event);
        } catch (Exception | Error e) {
            failed.incrementAndGet();
            failures.add(e);
        }
    }

    /** The listener, for checks that need to call it directly (the compatibility kit). */
    public EventListener listener() {
        return listener;
    }

    @Override
    public String name() {
        return options.name();
    }

    @Override
    public String pattern() {
        return pattern.toString();
    }

    @Override
    public SubscriberStats stats() {
        return new SubscriberStats(delivered.get(), 0, failed.get(), 0);
    }

    @Override
    public boolean isActive() {
        return active.get();
    }

    @Override
    public void cancel() {
        if (active.compareAndSet(true, false)) {
            onRemove.accept(this);
        }
    }

    /** Cancelled by the bus: the subscriber's callback is told why. */
    public void cancelByBus(String reason) {
        if (active.compareAndSet(true, false)) {
            onRemove.accept(this);
            options.onCancelled().accept(reason);
        }
    }

    @Override
    public String toString() {
        return "subscription '" + name() + "' on '" + pattern + "'";
    }
}
