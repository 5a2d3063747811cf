package dev.alexos.watchtower.testing;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A scheduler on a {@link MutableClock}: nothing runs until the test calls {@link #advance}.
 * Blocking work runs synchronously on the caller's thread. Test-only stand-in until the
 * testkit's virtual scheduler lands.
 */
public final class ManualScheduler implements Scheduler {
    private final MutableClock clock;
    private final List<Job> jobs = new ArrayList<>();

    private final class Job implements Cancellable {
        Instant due;
        final Duration period;
        final Runnable task;
        boolean cancelled;

        Job(Instant due, Duration period, Runnable task) {
            this.due = due;
            this.period = period;
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                jobs.remove(this);
            }
        }
    }

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Job j = new Job(clock.instant().plus(delay), null, task);
        jobs.add(j);
        return j;
    }

    @Override
    public synchronized Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
        Job j = new Job(clock.instant().plus(initialDelay), period, task);
        jobs.add(j);
        return j;
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    /** Number of one-shot and periodic jobs waiting. */
    public synchronized int pending() {
        return jobs.size();
    }

    /** Moves time forward, running every job that falls due, in time order. */
    public void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        while (true) {
            Job next;
            synchronized (this) {
                next = jobs.stream().filter(j -> !j.due.isAfter(end)).min(Comparator.comparing(j -> j.due)).orElse(null);
                if (next == null) {
                    break;
                }
                clock.set(next.due);
                if (next.period == null) {
                    jobs.remove(next);
                } else {
                    next.due = next.due.plus(next.period);
                }
            }
            next.task.run();
        }
        clock.set(end);
    }
}
