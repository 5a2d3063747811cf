package dev.alexos.core.internal.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process {@link EventBus}.
 *
 * <h2>Threading model</h2>
 * <ul>
 *   <li><b>Publish</b> runs on the caller's thread and never waits for a subscriber. Under one
 *       short lock it assigns the next sequence number, stamps the time, stores the event in
 *       the replay ring and appends it to the mailbox of each matching subscription. Doing all
 *       of that under one lock is what makes every subscriber see events in sequence order,
 *       however many threads publish. Matching subscriptions are cached per topic.</li>
 *   <li><b>Mailboxes</b>: each subscription has a bounded ring (its queue capacity). A full
 *       ring applies the subscription's {@link dev.alexos.core.event.OverflowPolicy} on the
 *       publishing thread: drop the oldest, drop the new event, or cancel the subscription
 *       (its {@code onCancelled} callback then runs on a delivery thread, not the publisher).</li>
 *   <li><b>Delivery</b>: a mailbox that turns non-empty is scheduled once on a small shared pool
 *       ({@link BusSettings#workers()} daemon threads named {@code alexos-bus-<id>-worker-<n>}),
 *       actor style: at most one thread drains a mailbox at a time, in order, up to
 *       {@link BusSettings#batch()} events before yielding to other mailboxes. So 250
 *       subscriptions (WebSocket clients) cost 250 small rings, not 250 threads. An idle worker
 *       spins (busy-wait, then yielding) for {@link BusSettings#spin()} before parking, which
 *       keeps hand-off latency in the sub-microsecond range under steady traffic and costs no
 *       CPU when the bus is quiet.</li>
 *   <li><b>Failures</b>: a listener that throws has the failure counted; the first one per
 *       subscription is logged (WARN, with the stack trace), later ones are only counted. A
 *       listener that blocks holds one worker; a watchdog ({@code alexos-bus-<id>-watchdog})
 *       adds a worker when all of them are blocked and work is waiting, so other subscribers
 *       keep receiving. Extra workers leave after a second idle.</li>
 *   <li><b>Replay</b>: the last {@code replayCapacity} events, read without locking (see
 *       {@link ReplayBuffer}).</li>
 *   <li><b>Close</b>: refuses new events, waits up to {@link BusSettings#closeTimeout()} for the
 *       mailboxes to drain, cancels every subscription (its {@code onCancelled} gets
 *       {@code "bus closed"} on the closing thread), then stops the threads.</li>
 * </ul>
 *
 * <p>A {@code null} payload is published as an empty JSON object; a {@code null} source as
 * {@code "system"}. Thread-safe.
 */
public final class DefaultEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(DefaultEventBus.class);
    /** Keeps the ring index arithmetic in {@code int}; far above any sensible queue. */
    static final int MAX_QUEUE_CAPACITY = 1 << 24;
    private static final int ROUTE_CACHE_LIMIT = 1024;
    private static final Mailbox[] NONE = new Mailbox[0];

    private final Clock clock;
    private final Supplier<String> idSupplier;
    private final BusSettings settings;
    private final ReplayBuffer replay;
    private final Dispatcher dispatcher;
    private final String name;

    private final Object lock = new Object();
    private long seq; // guarded by lock
    private boolean closed; // guarded by lock
    private final Map<String, Mailbox[]> routes = new HashMap<>(); // guarded by lock
    private volatile Mailbox[] subscribers = NONE; // written under lock

    /**
     * A bus with random UUID event ids and the default threading settings.
     *
     * @param clock the source of event times
     * @param replayCapacity how many recent events {@link #replay} and {@link #recent} can see
     *     (0 disables replay)
     */
    public DefaultEventBus(Clock clock, int replayCapacity) {
        this(clock, replayCapacity, new EventIds());
    }

    /** As {@link #DefaultEventBus(Clock, int)}, with event ids from {@code idSupplier}. */
    public DefaultEventBus(Clock clock, int replayCapacity, Supplier<String> idSupplier) {
        this(clock, replayCapacity, idSupplier, BusSettings.defaults());
    }

    /**
     * As {@link #DefaultEventBus(Clock, int, Supplier)}, with explicit threading settings.
     *
     * @throws IllegalArgumentException when {@code replayCapacity} is negative
     */
    public DefaultEventBus(Clock clock, int replayCapacity, Supplier<String> idSupplier, BusSettings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idSupplier = Objects.requireNonNull(idSupplier, "idSupplier");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (replayCapacity < 0) {
            throw new IllegalArgumentException("replayCapacity must be >= 0, was " + replayCapacity);
        }
        this.replay = new ReplayBuffer(replayCapacity);
        this.name = "alexos-bus-" + Integer.toHexString(System.identityHashCode(this));
        this.dispatcher = new Dispatcher(name, settings);
    }

    @Override
    public Event publish(String topic, String source, ObjectNode data) {
        if (!isValidTopic(topic)) {
            TopicPattern.requireValidTopic(topic); // throws, with the message every caller sees
        }
        ObjectNode payload = data != null ? data : JsonNodeFactory.instance.objectNode();
        // ids are made outside the lock: a caller-supplied supplier may be slow
        String id = Objects.requireNonNull(idSupplier.get(), "idSupplier returned null");
        Event event;
        List<Mailbox> overflowed = null;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("event bus is closed: cannot publish " + topic);
            }
            Instant now = clock.instant();
            event = new Event(id, seq + 1, topic, source, now, payload);
            seq++;
            replay.add(event);
            for (Mailbox m : routeLocked(topic)) {
                if (!m.offer(event)) {
                    removeLocked(m);
                    m.cancelledByBus();
                    if (overflowed == null) {
                        overflowed = new ArrayList<>(2);
                    }
                    overflowed.add(m);
                }
            }
        }
        if (overflowed != null) {
            for (Mailbox m : overflowed) {
                String reason = "queue full: " + m.capacity() + " events waiting (overflow policy CANCEL)";
                log.info("event subscription '{}' ({}) cancelled: {}", m.name(), m.pattern(), reason);
                dispatcher.submit(() -> m.notifyCancelled(reason));
            }
        }
        return event;
    }

    @Override
    public Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options) {
        TopicPattern parsed = TopicPattern.parse(pattern);
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        if (options.queueCapacity() > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queueCapacity must be <= " + MAX_QUEUE_CAPACITY
                    + ", was " + options.queueCapacity());
        }
        Mailbox m = new Mailbox(this, dispatcher, parsed, listener, options, settings.batch());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("event bus is closed: cannot subscribe " + options.name());
            }
            Mailbox[] current = subscribers;
            Mailbox[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = m;
            subscribers = next;
            routes.clear();
        }
        return m;
    }

    @Override
    public Replay replay(long afterSeq, String pattern, int limit) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must be >= 0, was " + afterSeq);
        }
        requirePositiveLimit(limit);
        return replay.replay(afterSeq, TopicPattern.parse(pattern), limit);
    }

    @Override
    public List<Event> recent(String pattern, int limit) {
        requirePositiveLimit(limit);
        return List.copyOf(replay.recent(TopicPattern.parse(pattern), limit));
    }

    @Override
    public long lastSeq() {
        return replay.lastSeq();
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.of((Subscription[]) subscribers);
    }

    @Override
    public long publishedCount() {
        return replay.lastSeq(); // every published event took exactly one sequence number
    }

    /** Delivery threads alive now: the configured workers plus any added for blocked listeners. */
    public int deliveryThreads() {
        return dispatcher.workerCount();
    }

    @Override
    public void close() {
        Mailbox[] open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = subscribers;
        }
        long timeout = settings.closeTimeout().toNanos();
        long deadline = System.nanoTime() + timeout;
        // a listener closing the bus cannot wait for its own mailbox to drain
        if (!dispatcher.isWorkerThread()) {
            while (!allDrained(open) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
        List<String> undrained = new ArrayList<>();
        for (Mailbox m : open) {
            if (!m.isDrained()) {
                undrained.add(m.name() + " (" + m.stats().queued() + " queued)");
            }
        }
        synchronized (lock) {
            open = subscribers; // without those cancelled by their owners meanwhile
            subscribers = NONE;
            routes.clear();
            for (Mailbox m : open) {
                m.cancelledByBus();
            }
        }
        if (!undrained.isEmpty()) {
            log.warn("{} closed before these subscribers drained within {}: {}; their queued events are dropped",
                    name, settings.closeTimeout(), undrained);
        }
        for (Mailbox m : open) {
            m.notifyCancelled("bus closed");
        }
        dispatcher.shutdown(TimeUnit.MILLISECONDS.toNanos(200)); // then stuck listeners are interrupted
        log.debug("{} closed after {} events", name, lastSeq());
    }

    /** Removes a subscription cancelled by its owner. */
    void unsubscribe(Mailbox m) {
        synchronized (lock) {
            removeLocked(m);
            m.deactivate();
        }
    }

    private Mailbox[] routeLocked(String topic) {
        Mailbox[] targets = routes.get(topic);
        if (targets == null) {
            List<Mailbox> matching = new ArrayList<>();
            for (Mailbox m : subscribers) {
                if (m.topicPattern().matches(topic)) {
                    matching.add(m);
                }
            }
            targets = matching.isEmpty() ? NONE : matching.toArray(NONE);
            if (routes.size() >= ROUTE_CACHE_LIMIT) {
                routes.clear(); // topics are open-ended: keep the cache bounded
            }
            routes.put(topic, targets);
        }
        return targets;
    }

    private void removeLocked(Mailbox m) {
        Mailbox[] current = subscribers;
        int i = Arrays.asList(current).indexOf(m);
        if (i < 0) {
            return;
        }
        Mailbox[] next = new Mailbox[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        subscribers = next;
        routes.clear();
    }

    /**
     * Same rule as {@link TopicPattern#requireValidTopic} ({@code [a-z0-9_]+\.[a-z0-9_]+}) without
     * the regular expression, which alone cost more than the rest of a publish.
     */
    static boolean isValidTopic(String topic) {
        if (topic == null) {
            return false;
        }
        int n = topic.length();
        int dot = -1;
        for (int i = 0; i < n; i++) {
            char c = topic.charAt(i);
            if (c == '.') {
                if (dot >= 0) {
                    return false;
                }
                dot = i;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return dot > 0 && dot < n - 1;
    }

    private static boolean allDrained(Mailbox[] mailboxes) {
        for (Mailbox m : mailboxes) {
            if (m.isActive() && !m.isDrained()) {
                return false;
            }
        }
        return true;
    }

    private static void requirePositiveLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
    }

    @Override
    public String toString() {
        return name + "[lastSeq=" + lastSeq() + ", subscribers=" + subscribers.length + "]";
    }
}
