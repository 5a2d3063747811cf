package dev.alexos.watchtower.internal.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts container deaths in a sliding window. A container that dies {@code threshold} times
 * within {@code window} is in a restart loop; it is reported once, and again only after a
 * quiet window. Not thread-safe: used from one endpoint's serial executor.
 */
final class RestartLoopDetector {
    private final int threshold;
    private final Duration window;
    private final Map<String, Deque<Instant>> deaths = new HashMap<>();
    private final Map<String, Instant> reported = new HashMap<>();

    RestartLoopDetector(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Records a death; returns the number of deaths in the window when this one makes a new loop report, else 0. */
    int recordDeath(String id, Instant now) {
        Deque<Instant> times = deaths.computeIfAbsent(id, k -> new ArrayDeque<>());
        times.addLast(now);
        Instant from = now.minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(from)) {
            times.removeFirst();
        }
        Instant last = reported.get(id);
        if (times.size() >= threshold && (last == null || last.isBefore(from))) {
            reported.put(id, now);
            return times.size();
        }
        return 0;
    }

    void forget(String id) {
        deaths.remove(id);
        reported.remove(id);
    }
}
