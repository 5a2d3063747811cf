package dev.alexos.core.internal.scheduler;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link Scheduler}: a {@link ScheduledThreadPoolExecutor} of daemon threads for
 * timers (short tasks only) and a cached pool of daemon threads for blocking work. Follows
 * wall-clock time; tests that need virtual time use the testkit's scheduler instead.
 *
 * <p>Thread-safe. {@link #close()} cancels everything and stops the threads.
 */
public final class DefaultScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService blocking;

    /**
     * @param name prefix of the thread names (e.g. {@code alexos})
     * @param timerThreads threads running timers, 1 or 2 is plenty
     */
    public DefaultScheduler(String name, int timerThreads) {
        if (timerThreads < 1) {
            throw new IllegalArgumentException("timerThreads must be >= 1, was " + timerThreads);
        }
        timers = new ScheduledThreadPoolExecutor(timerThreads, daemon(name + "-timer-"));
        // Cancelled timeouts are the common case (the task finished first): drop them at once.
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        blocking = Executors.newCachedThreadPool(daemon(name + "-worker-"));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        ScheduledFuture<?> f = timers.schedule(guard(task), nanos(delay), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        ScheduledFuture<?> f = timers.scheduleWithFixedDelay(guard(task), nanos(initialDelay), period.toNanos(),
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Executor executor() {
        return blocking;
    }

    /** Stops both pools; pending timers are dropped, running work is interrupted. */
    @Override
    public void close() {
        timers.shutdownNow();
        blocking.shutdownNow();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return timers.isShutdown();
    }

    // A periodic task that throws would be silently unscheduled by the JDK: log and keep going.
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("scheduled task {} failed", task, e);
            }
        };
    }

    private static long nanos(Duration d) {
        return d.isNegative() ? 0 : d.toNanos();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
