package dev.alexos.bench.watchtower;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the epoch. The drivers time with it (not
 * {@link System#nanoTime()}) so that their instants compare with the engine's own timestamps
 * (a container's {@code State.FinishedAt}), taken from the same host clock.
 */
final class WallClock {
    private WallClock() {
    }

    static long nanos() {
        return of(Instant.now());
    }

    static long of(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
