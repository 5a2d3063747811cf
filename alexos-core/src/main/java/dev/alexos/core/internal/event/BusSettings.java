package dev.alexos.core.internal.event;

import java.time.Duration;
import java.util.Objects;

/**
 * Threading knobs of {@link DefaultEventBus}. The defaults suit a small server; tests use the
 * builder to pin the pool size (e.g. one worker, to show that a blocked listener does not stall
 * the others).
 *
 * @param workers delivery threads started with the bus (≥ 1)
 * @param maxWorkers upper bound including the extra threads added while listeners block (≥ workers)
 * @param spin how long an idle worker busy-waits for new work before it parks; trades a little
 *     CPU after each burst for sub-microsecond hand-off latency (zero: park at once)
 * @param batch events one subscriber may take in a row before its mailbox yields the worker
 * @param stuckAfter a worker inside one listener call for longer than this counts as blocked; when
 *     all workers are blocked and work is waiting, the watchdog adds one
 * @param closeTimeout how long {@link DefaultEventBus#close()} waits for queues to drain
 */
public record BusSettings(int workers, int maxWorkers, Duration spin, int batch, Duration stuckAfter,
        Duration closeTimeout) {

    public BusSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        if (maxWorkers < workers) {
            throw new IllegalArgumentException("maxWorkers must be >= workers (" + workers + "), was " + maxWorkers);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        }
        requireNonNegative(spin, "spin");
        requireNonNegative(stuckAfter, "stuckAfter");
        requireNonNegative(closeTimeout, "closeTimeout");
        if (stuckAfter.isZero()) {
            throw new IllegalArgumentException("stuckAfter must be > 0");
        }
    }

    /** Two workers (one per core here, at most four), 50 µs spin, batches of 256, 5 s close. */
    public static BusSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireNonNegative(Duration d, String field) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + d);
        }
    }

    /** Builder for {@link BusSettings}; not thread-safe. */
    public static final class Builder {
        private int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int maxWorkers = 256;
        private Duration spin = Duration.ofNanos(50_000);
        private int batch = 256;
        private Duration stuckAfter = Duration.ofMillis(20);
        private Duration closeTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return this;
        }

        public Builder spin(Duration spin) {
            this.spin = spin;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder stuckAfter(Duration stuckAfter) {
            this.stuckAfter = stuckAfter;
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public BusSettings build() {
            return new BusSettings(workers, Math.max(maxWorkers, workers), spin, batch, stuckAfter, closeTimeout);
        }
    }
}
