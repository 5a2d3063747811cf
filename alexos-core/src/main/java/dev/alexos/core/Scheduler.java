package dev.alexos.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Delayed and periodic work that follows the runtime's {@link java.time.Clock}. The default
 * implementation uses a small shared pool; the testkit's runs on a virtual clock so that
 * periodic work, timeouts and backoff fire when a test advances time.
 *
 * <p>Tasks must be short: anything that blocks (I/O, waiting) goes to {@link #executor()}.
 * Thread-safe.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} after {@code initialDelay} and then every {@code period} (fixed delay
     * between the end of one run and the start of the next). A task that throws is logged
     * and keeps its schedule.
     */
    Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task);

    /** A future completing after {@code delay}, without holding a thread while waiting. */
    default CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Cancellable c = schedule(delay, () -> f.complete(null));
        f.whenComplete((v, e) -> {
            if (f.isCancelled()) {
                c.cancel();
            }
        });
        return f;
    }

    /** Where blocking work runs (I/O, waits). In tests: synchronous or a test-controlled pool. */
    Executor executor();
}
