package dev.alexos.server.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per client address in a sliding one-minute window. Past the limit the
 * address is refused (429) until its oldest failure leaves the window. Thread-safe.
 */
public final class LoginRateLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginRateLimiter(int limitPerMinute, Clock clock) {
        this.limit = limitPerMinute;
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    public long retryAfterSeconds(String address) {
        Deque<Instant> q = failures.get(address);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            Instant now = clock.instant();
            prune(q, now);
            if (q.size() < limit) {
                return 0;
            }
            Duration left = Duration.between(now, q.peekFirst().plus(WINDOW));
            return Math.max(1, (left.toMillis() + 999) / 1000);
        }
    }

    /** Records a failed attempt from {@code address}. */
    public void recordFailure(String address) {
        if (failures.size() > MAX_TRACKED) {
            // bound memory under a spray of addresses: forget windows that are over
            Instant now = clock.instant();
            failures.values().removeIf(q -> {
                synchronized (q) {
                    prune(q, now);
                    return q.isEmpty();
                }
            });
        }
        Deque<Instant> q = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (q) {
            prune(q, clock.instant());
            q.addLast(clock.instant());
        }
    }

    private static void prune(Deque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(WINDOW).isAfter(now)) {
            q.removeFirst();
        }
    }
}
