package dev.alexos.chainbot.testing;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A test-only scheduler on a virtual clock: scheduled work runs when the test calls
 * {@link #advance(Duration)}. Records every delay asked for.
 */
public final class VirtualScheduler extends Clock implements Scheduler {
    private final Executor executor;
    private final List<Job> jobs = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();
    private Instant now;

    public VirtualScheduler(Instant start, Executor executor) {
        this.now = start;
        this.executor = executor;
    }

    private final class Job {
        Instant due;
        final Runnable task;
        final Duration period;
        boolean cancelled;

        Job(Instant due, Runnable task, Duration period) {
            this.due = due;
            this.task = task;
            this.period = period;
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        requested.add(delay);
        Job j = new Job(now.plus(delay), task, null);
        jobs.add(j);
        return () -> cancel(j);
    }

    @Override
    public synchronized Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
        requested.add(initialDelay);
        Job j = new Job(now.plus(initialDelay), task, period);
        jobs.add(j);
        return () -> cancel(j);
    }

    private synchronized void cancel(Job j) {
        j.cancelled = true;
        jobs.remove(j);
    }

    @Override
    public Executor executor() {
        return executor;
    }

    /** Moves time forward, running due work in time order (on the calling thread). */
    public void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Job next;
            synchronized (this) {
                next = jobs.stream().filter(j -> !j.due.isAfter(target)).min((a, b) -> a.due.compareTo(b.due)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                now = next.due;
                jobs.remove(next);
            }
            try {
                next.task.run();
            } catch (RuntimeException ignored) {
                // as the real scheduler: a failing task keeps its schedule
            }
            synchronized (this) {
                if (next.period != null && !next.cancelled) {
                    next.due = now.plus(next.period);
                    jobs.add(next);
                }
            }
        }
    }

    /** Runs whatever is due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Every delay asked for, in order. */
    public synchronized List<Duration> requestedDelays() {
        return List.copyOf(requested);
    }

    /** Number of pending jobs. */
    public synchronized int pending() {
        return jobs.size();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }
}
