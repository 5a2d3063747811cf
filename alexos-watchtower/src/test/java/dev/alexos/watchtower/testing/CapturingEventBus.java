package dev.alexos.watchtower.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Records every published event; delivers nothing. Thread-safe. */
public final class CapturingEventBus implements EventBus {
    private final Clock clock;
    private final List<Event> events = new ArrayList<>();

    public CapturingEventBus(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Event publish(String topic, String source, ObjectNode data) {
        if (!topic.matches("[a-z0-9_]+\\.[a-z0-9_]+")) {
            throw new IllegalArgumentException("malformed topic " + topic);
        }
        Event e = new Event(UUID.randomUUID().toString(), events.size() + 1, topic, source, clock.instant(), data);
        events.add(e);
        return e;
    }

    /** Every event so far, oldest first. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Event types (topic without module) so far, oldest first. */
    public synchronized List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    /** Events of one type. */
    public synchronized List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    public synchronized void clear() {
        events.clear();
    }

    @Override
    public Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options) {
        throw new UnsupportedOperationException("capturing bus: read events() instead");
    }

    @Override
    public synchronized Replay replay(long afterSeq, String pattern, int limit) {
        List<Event> out = events.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        return new Replay(out, false, events.isEmpty() ? 0 : 1, events.size());
    }

    @Override
    public synchronized List<Event> recent(String pattern, int limit) {
        return new ArrayList<>(events.subList(Math.max(0, events.size() - limit), events.size()));
    }

    @Override
    public synchronized long lastSeq() {
        return events.size();
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.of();
    }

    @Override
    public synchronized long publishedCount() {
        return events.size();
    }

    @Override
    public void close() {
    }
}
