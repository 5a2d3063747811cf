package dev.alexos.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import dev.alexos.testkit.internal.CapturedSubscription;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An in-memory {@link EventBus} that keeps every event published on it, for assertions.
 *
 * <p>Delivery is synchronous and deterministic: {@link #publish} hands the event to every
 * matching subscriber in the calling thread, in subscription order, before it returns. An
 * event published by a listener while it handles another is queued and delivered right after,
 * so each subscriber still sees events in publish order. A listener that throws has the
 * failure counted in its {@link Subscription#stats()} and kept in {@link #listenerFailures()};
 * the publisher never sees it. Overflow policies do not apply (nothing is ever queued for
 * long); the replay buffer keeps every event.
 *
 * <p>Ids come from an injectable supplier (random UUIDs by default), times from the clock.
 *
 * <p>Thread-safe: publishing from several threads is serialized.
 */
public final class CapturingEventBus implements EventBus {
    private final Clock clock;
    private final Supplier<String> ids;
    private final List<Event> events = new ArrayList<>();
    private final List<CapturedSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final Object publishLock = new Object();
    private boolean delivering;
    private long seq;
    private volatile boolean closed;

    /** A bus stamping events with {@code clock} and random UUID ids. */
    public CapturingEventBus(Clock clock) {
        this(clock, () -> UUID.randomUUID().toString());
    }

    /** A bus stamping events with {@code clock} and ids from {@code ids}. */
    public CapturingEventBus(Clock clock, Supplier<String> ids) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    @Override
    public Event publish(String topic, String source, ObjectNode data) {
        TopicPattern.requireValidTopic(topic);
        Objects.requireNonNull(data, "data");
        if (closed) {
            throw new IllegalStateException("event bus is closed; cannot publish " + topic);
        }
        Event event;
        synchronized (publishLock) {
            event = new Event(ids.get(), ++seq, topic, source, clock.instant(), data);
            events.add(event);
            pending.add(event);
            if (delivering) {
                // Re-entrant publish from a listener: the outer loop delivers it next, in order.
                return event;
            }
            delivering = true;
            try {
                Event next;
                while ((next = pending.poll()) != null) {
                    for (CapturedSubscription s : subscriptions) {
                        s.offer(next, failures);
                    }
                }
            } finally {
                delivering = false;
                pending.clear();
            }
        }
        return event;
    }

    @Override
    public Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options) {
        TopicPattern parsed = TopicPattern.parse(pattern);
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        if (closed) {
            throw new IllegalStateException("event bus is closed; cannot subscribe to " + pattern);
        }
        CapturedSubscription s = new CapturedSubscription(parsed, listener, options, subscriptions::remove);
        subscriptions.add(s);
        return s;
    }

    @Override
    public Replay replay(long afterSeq, String pattern, int limit) {
        TopicPattern p = TopicPattern.parse(pattern);
        synchronized (publishLock) {
            List<Event> out = new ArrayList<>();
            for (Event e : events) {
                if (e.seq() > afterSeq && p.matches(e.topic()) && out.size() < limit) {
                    out.add(e);
                }
            }
            long oldest = events.isEmpty() ? 0 : events.get(0).seq();
            return new Replay(out, false, oldest, seq);
        }
    }

    @Override
    public List<Event> recent(String pattern, int limit) {
        List<Event> matching = events(pattern);
        return matching.subList(Math.max(0, matching.size() - limit), matching.size());
    }

    @Override
    public long lastSeq() {
        synchronized (publishLock) {
            return seq;
        }
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    @Override
    public long publishedCount() {
        return lastSeq();
    }

    /** Every event published so far, oldest first (a snapshot). */
    public List<Event> events() {
        synchronized (publishLock) {
            return List.copyOf(events);
        }
    }

    /** Events whose topic matches {@code pattern} ({@code *}, {@code module.*} or a topic), oldest first. */
    public List<Event> events(String pattern) {
        TopicPattern p = TopicPattern.parse(pattern);
        return events().stream().filter(e -> p.matches(e.topic())).toList();
    }

    /** Forgets the captured events (sequence numbers keep counting). Subscriptions stay. */
    public void clear() {
        synchronized (publishLock) {
            events.clear();
        }
    }

    /** Exceptions thrown by listeners, oldest first. */
    public List<Throwable> listenerFailures() {
        return List.copyOf(failures);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Stops accepting events and cancels every subscription (telling each why). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (CapturedSubscription s : subscriptions) {
            s.cancelByBus("event bus closed");
        }
    }
}
