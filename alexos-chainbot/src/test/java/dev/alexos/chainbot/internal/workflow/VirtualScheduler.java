package dev.alexos.chainbot.internal.workflow;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler on a {@link ManualClock}: timers fire only in {@link #advance}, on the caller's
 * thread, in due order. Blocking work goes to a small real pool (closed by {@link #close}).
 */
final class VirtualScheduler implements Scheduler, AutoCloseable {
    private record Timer(Instant due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final ManualClock clock;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> {
        int c = a.due().compareTo(b.due());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private final AtomicLong seq = new AtomicLong();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-executor");
        t.setDaemon(true);
        return t;
    });

    VirtualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(clock.instant().plus(delay), seq.incrementAndGet(), task, cancelled));
        return () -> {
            synchronized (VirtualScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
        boolean[] stop = {false};
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            if (!stop[0]) {
                task.run();
                schedule(period, again[0]);
            }
        };
        Cancellable first = schedule(initialDelay, again[0]);
        return () -> {
            stop[0] = true;
            first.cancel();
        };
    }

    @Override
    public Executor executor() {
        return pool;
    }

    /** Pending (not cancelled) timers. */
    synchronized int pending() {
        return (int) timers.stream().filter(t -> !t.cancelled()[0]).count();
    }

    /** Moves the clock forward, running every timer that falls due, in order. */
    void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Timer t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due().isAfter(target)) {
                    break;
                }
                timers.poll();
                if (t.cancelled()[0]) {
                    continue;
                }
                if (t.due().isAfter(clock.instant())) {
                    clock.set(t.due());
                }
            }
            t.task().run();
        }
        clock.set(target);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
