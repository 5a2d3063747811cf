package dev.alexos.core.internal.event;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.SubscriberStats;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a bounded ring of events plus the actor-style "schedule when non-empty"
 * hand-off to the {@link Dispatcher}.
 *
 * <p>Producer side ({@link #offer}): only ever called with the bus's publish lock held, so
 * there is one producer at a time and events enter in sequence order. Consumer side
 * ({@link #run}): the mailbox is submitted to the dispatcher when it goes from idle to
 * scheduled, and only the task that won that transition drains it, so one worker at a time
 * calls the listener, in order. The state is set back to idle after draining and the ring is
 * checked once more, which closes the race with a concurrent {@code offer}.
 *
 * <p>{@link OverflowPolicy#DROP_OLDEST} lets the producer advance {@code head} too, so both
 * sides claim a slot with a compare-and-set on {@code head}: the consumer reads the slot first
 * and delivers it only if its claim succeeds.
 */
final class Mailbox extends MailboxIndexes.MailboxPad2 implements Subscription, Runnable {
    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);
    private static final VarHandle DELIVERED;
    private static final VarHandle FAILED;
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DELIVERED = lookup.findVarHandle(Mailbox.class, "delivered", long.class);
            FAILED = lookup.findVarHandle(Mailbox.class, "failed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // consumer-side fields (written by the one worker draining the mailbox)
    private long tailCache;
    private long delivered;
    private long failed;
    private boolean failureLogged;

    private final DefaultEventBus bus;
    private final Dispatcher dispatcher;
    private final TopicPattern pattern;
    private final EventListener listener;
    private final SubscribeOptions options;
    private final int capacity;
    private final Event[] slots;
    private final int mask;
    private final int batch;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean cancelNotified = new AtomicBoolean();
    private volatile boolean active = true;

    Mailbox(DefaultEventBus bus, Dispatcher dispatcher, TopicPattern pattern, EventListener listener,
            SubscribeOptions options, int batch) {
        this.bus = bus;
        this.dispatcher = dispatcher;
        this.pattern = pattern;
        this.listener = listener;
        this.options = options;
        this.capacity = options.queueCapacity();
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.slots = new Event[Math.max(size, capacity)];
        this.mask = slots.length - 1;
        this.batch = batch;
    }

    int capacity() {
        return capacity;
    }

    TopicPattern topicPattern() {
        return pattern;
    }

    /**
     * Queues an event (producer side, publish lock held).
     *
     * @return false when the queue was full under {@link OverflowPolicy#CANCEL}: the caller
     *     must cancel this subscription
     */
    boolean offer(Event event) {
        long t = tail;
        if (t - headCache >= capacity) {
            headCache = head();
            if (t - headCache >= capacity && !makeRoom(t)) {
                return options.overflow() != OverflowPolicy.CANCEL;
            }
        }
        slots[(int) (t & mask)] = event;
        tail = t + 1;
        // volatile write of tail, then read of state: pairs with run()'s write of IDLE then
        // read of tail, so either the worker sees this event or this thread schedules it
        if (state.get() == IDLE && state.compareAndSet(IDLE, SCHEDULED)) {
            dispatcher.submit(this);
        }
        return true;
    }

    /** The ring is full: applies the policy; true when the new event may go in. */
    private boolean makeRoom(long t) {
        if (options.overflow() != OverflowPolicy.DROP_OLDEST) {
            dropped.incrementAndGet();
            return false;
        }
        long h = headCache;
        if (casHead(h, h + 1)) {
            dropped.incrementAndGet();
            headCache = h + 1;
        } else {
            headCache = head(); // the worker took one meanwhile: there is room now
        }
        return true;
    }

    /** Drains up to {@code batch} events, then yields the worker (consumer side). */
    @Override
    public void run() {
        int budget = batch;
        while (true) {
            while (budget > 0 && active) {
                long h = head();
                if (h >= tailCache) {
                    tailCache = tail;
                    if (h >= tailCache) {
                        break;
                    }
                }
                Event event = slots[(int) (h & mask)];
                if (!casHead(h, h + 1)) {
                    continue; // the producer dropped it (DROP_OLDEST) or the queue was discarded
                }
                budget--;
                deliver(event);
            }
            if (!active) {
                discardQueued();
                state.set(IDLE);
                return;
            }
            if (budget == 0 && head() < tail) {
                dispatcher.submit(this); // stays SCHEDULED: others get the worker first
                return;
            }
            state.set(IDLE);
            if (head() >= tail || !state.compareAndSet(IDLE, SCHEDULED)) {
                return;
            }
        }
    }

    private void deliver(Event event) {
        DELIVERED.setRelease(this, delivered + 1);
        try {
            listener.onEvent(event);
        } catch (Throwable t) {
            FAILED.setRelease(this, failed + 1);
            if (!failureLogged) {
                failureLogged = true;
                log.warn("event listener '{}' (pattern {}) failed on {} #{}; later failures of this"
                        + " subscriber are only counted (see its stats)",
                        options.name(), pattern, event.topic(), event.seq(), t);
            }
            if (t instanceof InterruptedException) {
                Thread.interrupted(); // the listener's interrupt must not leak to the next one
            }
        }
    }

    /** Throws away what is queued; the events count as dropped. Either side may call it. */
    private void discardQueued() {
        while (true) {
            long h = head();
            long t = tail;
            if (h >= t) {
                return;
            }
            if (casHead(h, t)) {
                dropped.addAndGet(t - h);
                Arrays.fill(slots, null); // no producer writes after cancellation: safe to clear
                return;
            }
        }
    }

    /**
     * Marks this subscription cancelled by the bus and empties its queue. The caller holds the
     * publish lock and has removed it from routing, so no event is offered afterwards.
     */
    void cancelledByBus() {
        active = false;
        discardQueued();
    }

    /** Tells the subscriber why the bus cancelled it, at most once; never throws. */
    void notifyCancelled(String reason) {
        if (!cancelNotified.compareAndSet(false, true)) {
            return;
        }
        try {
            options.onCancelled().accept(reason);
        } catch (RuntimeException e) {
            log.warn("onCancelled callback of event listener '{}' failed", options.name(), e);
        }
    }

    /** True when nothing is queued and no delivery is in progress. */
    boolean isDrained() {
        return head() >= tail && state.get() == IDLE;
    }

    @Override
    public void cancel() {
        if (active) {
            bus.unsubscribe(this);
            active = false;
            discardQueued();
        }
    }

    /** Used by the bus under its lock; unlike {@link #cancel()} it does not call back. */
    void deactivate() {
        active = false;
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
        long h = head();
        long t = tail;
        return new SubscriberStats((long) DELIVERED.getOpaque(this), dropped.get(),
                (long) FAILED.getOpaque(this), (int) Math.max(0, t - h));
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public String toString() {
        return "Subscription[" + options.name() + ", " + pattern + ", " + options.overflow() + "/" + capacity + "]";
    }
}
