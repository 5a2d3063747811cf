package dev.alexos.core.internal.event;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.TopicPattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code capacity} events, indexed by sequence number ({@code seq % capacity}).
 *
 * <p>One writer (under the bus's publish lock), any number of lock-free readers: a reader reads
 * {@code lastSeq}, then the slots it wants, and trusts a slot only if the event in it carries the
 * sequence number it expected; a slot overwritten meanwhile by a newer event means that sequence
 * number has just been evicted. Readers therefore never hold up publishers.
 */
final class ReplayBuffer {
    private final int capacity;
    private final AtomicReferenceArray<Event> slots;
    /** Written with release, read with acquire: no reader needs more, and a full fence per
     * publish would cost. */
    private final AtomicLong lastSeq = new AtomicLong();

    ReplayBuffer(int capacity) {
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    /** Adds the event with the next sequence number (publish lock held). */
    void add(Event event) {
        if (capacity > 0) {
            // release: a reader that sees the new lastSeq also sees the slot
            slots.setRelease(index(event.seq()), event);
        }
        lastSeq.setRelease(event.seq());
    }

    Replay replay(long afterSeq, TopicPattern pattern, int limit) {
        long last = lastSeq.getAcquire();
        long oldest = oldestHeld(last);
        List<Event> out = new ArrayList<>(Math.min(limit, 256));
        for (long seq = Math.max(afterSeq + 1, oldest); seq <= last && out.size() < limit; seq++) {
            Event e = slots.getAcquire(index(seq));
            if (e == null || e.seq() != seq) {
                // overwritten while reading: this one and everything older is gone; restart
                // after it so the answer never has a hole in the middle
                oldest = seq + 1;
                out.clear();
                continue;
            }
            if (pattern.matches(e.topic())) {
                out.add(e);
            }
        }
        long available = last == 0 ? 0 : Math.min(oldest, last + 1);
        boolean gap = afterSeq < last && afterSeq + 1 < available;
        return new Replay(out, gap, last == 0 || capacity == 0 ? 0 : available, last);
    }

    List<Event> recent(TopicPattern pattern, int limit) {
        long last = lastSeq.getAcquire();
        long oldest = oldestHeld(last);
        List<Event> out = new ArrayList<>(Math.min(limit, 256));
        for (long seq = last; seq >= oldest && seq > 0 && out.size() < limit; seq--) {
            Event e = slots.getAcquire(index(seq));
            if (e == null || e.seq() != seq) {
                break; // evicted while reading: older ones are gone too
            }
            if (pattern.matches(e.topic())) {
                out.add(e);
            }
        }
        Collections.reverse(out);
        return out;
    }

    long lastSeq() {
        return lastSeq.getAcquire();
    }

    private long oldestHeld(long last) {
        if (capacity == 0) {
            return last + 1;
        }
        return Math.max(1, last - capacity + 1);
    }

    private int index(long seq) {
        return (int) (seq % capacity);
    }
}
