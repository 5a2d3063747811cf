package dev.alexos.core.internal.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the writer publishes and readers snapshot: the segment list and the durable head.
 * The writer adds a segment before it publishes a head inside it, and readers read the head
 * before the segment list, so a reader always finds the head's segment.
 *
 * <p>Thread-safe: one writer, any number of readers.
 */
final class LedgerState {
    private volatile List<Segment> segments;
    private volatile Head head;

    LedgerState(List<Segment> segments, Head head) {
        this.segments = List.copyOf(segments);
        this.head = head;
    }

    Head head() {
        return head;
    }

    List<Segment> segments() {
        return segments;
    }

    void publish(Head newHead) {
        head = newHead;
    }

    void addSegment(Segment segment) {
        List<Segment> copy = new ArrayList<>(segments);
        copy.add(segment);
        segments = Collections.unmodifiableList(copy);
    }
}
