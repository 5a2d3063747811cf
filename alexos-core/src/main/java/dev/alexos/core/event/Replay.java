package dev.alexos.core.event;

import java.util.List;

/**
 * Answer to {@link EventBus#replay}.
 *
 * @param events matching events, oldest first
 * @param gap true when events after the requested sequence number were already evicted from
 *     the buffer: the caller missed {@code (requestedAfter, oldestAvailable)} exclusive
 * @param oldestAvailable sequence number of the oldest event still held (0 when empty)
 * @param lastSeq the bus's last sequence number at the time of the replay
 */
public record Replay(List<Event> events, boolean gap, long oldestAvailable, long lastSeq) {
    public Replay {
        events = List.copyOf(events);
    }
}
