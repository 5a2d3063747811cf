package dev.alexos.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Clock} that only moves when a test moves it. {@link #advance(Duration)} moves time
 * forward and, on the way, fires the work of every {@link VirtualScheduler} that follows this
 * clock, in due order: delayed tasks, periodic tasks, task timeouts and backoff all happen
 * without waiting.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * VirtualScheduler scheduler = new VirtualScheduler(clock);
 * scheduler.schedule(Duration.ofSeconds(30), () -> System.out.println("fired"));
 * clock.advance(Duration.ofMinutes(1)); // prints "fired" at 00:00:30
 * }</pre>
 *
 * <p>Thread-safe: any thread may read the time. Advancing is serialized; work fires in the
 * thread that calls {@code advance}. Copies made with {@link #withZone(ZoneId)} share the time.
 */
public final class VirtualClock extends Clock {
    /** The default start: a fixed, recognisable instant so tests are reproducible. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final State state;
    private final ZoneId zone;

    private VirtualClock(State state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    /** A clock at {@link #DEFAULT_START} in UTC. */
    public static VirtualClock create() {
        return at(DEFAULT_START);
    }

    /** A clock at {@code start} in UTC. */
    public static VirtualClock at(Instant start) {
        return new VirtualClock(new State(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new VirtualClock(state, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public Instant instant() {
        synchronized (state) {
            return state.now;
        }
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /**
     * Moves time forward by {@code amount}, firing due work of the schedulers that follow this
     * clock one task at a time, each with the clock set to the task's due time.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     * @return the time after advancing
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a virtual clock only moves forward; amount was " + amount);
        }
        synchronized (state.advanceLock) {
            Instant target = instant().plus(amount);
            while (true) {
                Listener next = null;
                Instant nextDue = null;
                for (Listener l : state.listeners) {
                    Instant due = l.nextDue();
                    if (due != null && !due.isAfter(target) && (nextDue == null || due.isBefore(nextDue))) {
                        next = l;
                        nextDue = due;
                    }
                }
                if (next == null) {
                    break;
                }
                setNow(nextDue.isAfter(instant()) ? nextDue : instant());
                next.runOneDue(instant());
            }
            setNow(target);
            return target;
        }
    }

    /** Moves time forward to {@code time} (no-op when already there). */
    public Instant advanceTo(Instant time) {
        Instant now = instant();
        return advance(time.isAfter(now) ? Duration.between(now, time) : Duration.ZERO);
    }

    /** Fires work due now (for example tasks scheduled with a zero delay) without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    private void setNow(Instant t) {
        synchronized (state) {
            state.now = t;
        }
    }

    /** Called by {@link VirtualScheduler}: starts following this clock. */
    void follow(Listener listener) {
        state.listeners.add(listener);
    }

    void unfollow(Listener listener) {
        state.listeners.remove(listener);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualClock c && c.state == state && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(state) ^ zone.hashCode();
    }

    @Override
    public String toString() {
        return "VirtualClock[" + instant() + ", " + zone + "]";
    }

    /** What a scheduler exposes to the clock. */
    interface Listener {
        /** When its earliest task is due, or null when it has none. */
        Instant nextDue();

        /** Runs the earliest task due at or before {@code now}. */
        void runOneDue(Instant now);
    }

    private static final class State {
        private final Object advanceLock = new Object();
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();
        private Instant now;

        private State(Instant now) {
            this.now = now;
        }
    }
}
