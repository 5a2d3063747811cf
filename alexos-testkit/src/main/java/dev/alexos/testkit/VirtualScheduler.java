package dev.alexos.testkit;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Scheduler} driven by a {@link VirtualClock}: nothing fires until the test advances
 * the clock; then delayed and periodic tasks run in the advancing thread, in order of due time
 * (ties in scheduling order). A periodic task's next run is due {@code period} after the
 * virtual time its previous run started at.
 *
 * <p>A task that throws keeps its schedule (as the real scheduler does); the failure is kept in
 * {@link #failures()} so that a test can see it (the {@code AgentTestKit} fails the test on
 * close when there are any, unless told otherwise).
 *
 * <p>{@link #executor()} runs work inline in the calling thread by default, so an agent's
 * "blocking" work completes before {@code handle} or the scheduled task returns.
 *
 * <p>Thread-safe.
 */
public final class VirtualScheduler implements Scheduler, AutoCloseable {
    private final VirtualClock clock;
    private final Executor executor;
    private final PriorityQueue<Job> queue = new PriorityQueue<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();
    private final AtomicLong order = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final VirtualClock.Listener listener = new ClockListener();
    private boolean closed;

    /** A scheduler following {@code clock} whose executor runs work inline. */
    public VirtualScheduler(VirtualClock clock) {
        this(clock, Runnable::run);
    }

    /** A scheduler following {@code clock} with its own executor for blocking work. */
    public VirtualScheduler(VirtualClock clock, Executor executor) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        clock.follow(listener);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return add(delay, null, task);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        return add(initialDelay, period, task);
    }

    private Cancellable add(Duration delay, Duration period, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        Duration d = delay.isNegative() ? Duration.ZERO : delay;
        Job job = new Job(clock.instant().plus(d), order.incrementAndGet(), period, task);
        synchronized (queue) {
            if (closed) {
                throw new IllegalStateException("scheduler is closed");
            }
            queue.add(job);
            requested.add(delay);
        }
        return () -> cancel(job);
    }

    private void cancel(Job job) {
        synchronized (queue) {
            job.cancelled = true;
            queue.removeIf(j -> j.origin == job);
        }
    }

    @Override
    public Executor executor() {
        return executor;
    }

    /** Tasks waiting to fire (cancelled ones are removed at once). */
    public int pendingCount() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** When the next task is due, or null when none is waiting. */
    public Instant nextDue() {
        synchronized (queue) {
            Job head = queue.peek();
            return head == null ? null : head.due;
        }
    }

    /**
     * Every delay asked for so far, in order: the delay of each {@link #schedule} and the initial
     * delay of each {@link #scheduleWithFixedDelay}, as given. For asserting on backoff, or for
     * waiting until code running on another thread has armed its timer before advancing the clock.
     */
    public List<Duration> requestedDelays() {
        synchronized (queue) {
            return List.copyOf(requested);
        }
    }

    /** How many task runs have fired so far (periodic tasks count once per run). */
    public long runCount() {
        return runs.get();
    }

    /** Exceptions thrown by scheduled tasks, oldest first. */
    public List<Throwable> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Cancels every waiting task and stops following the clock. Idempotent. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
        }
        clock.unfollow(listener);
    }

    private final class ClockListener implements VirtualClock.Listener {
        @Override
        public Instant nextDue() {
            return VirtualScheduler.this.nextDue();
        }

        @Override
        public void runOneDue(Instant now) {
            Job job;
            synchronized (queue) {
                job = queue.peek();
                if (job == null || job.due.isAfter(now)) {
                    return;
                }
                queue.poll();
            }
            runs.incrementAndGet();
            try {
                job.task.run();
            } catch (RuntimeException | Error e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
            if (job.period != null) {
                synchronized (queue) {
                    if (!job.origin.cancelled && !closed) {
                        queue.add(new Job(clock.instant().plus(job.period), order.incrementAndGet(), job.period,
                                job.task, job));
                    }
                }
            }
        }
    }

    private static final class Job implements Comparable<Job> {
        private final Instant due;
        private final long order;
        private final Duration period;
        private final Runnable task;
        /** The first job of a periodic series: cancelling it cancels the whole series. */
        private final Job origin;
        private volatile boolean cancelled;

        Job(Instant due, long order, Duration period, Runnable task) {
            this(due, order, period, task, null);
        }

        Job(Instant due, long order, Duration period, Runnable task, Job origin) {
            this.due = due;
            this.order = order;
            this.period = period;
            this.task = task;
            this.origin = origin == null ? this : origin.origin;
        }

        @Override
        public int compareTo(Job o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
