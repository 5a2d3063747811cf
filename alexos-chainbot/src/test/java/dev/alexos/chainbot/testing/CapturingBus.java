package dev.alexos.chainbot.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.SubscriberStats;
import dev.alexos.core.event.TopicPattern;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A test-only event bus that records every event and delivers synchronously. */
public final class CapturingBus implements EventBus {
    private final Clock clock;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Object[]> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    public CapturingBus(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Event publish(String topic, String source, ObjectNode data) {
        TopicPattern.requireValidTopic(topic);
        Event e = new Event(UUID.randomUUID().toString(), seq.incrementAndGet(), topic, source, clock.instant(), data);
        events.add(e);
        for (Object[] l : listeners) {
            if (((TopicPattern) l[0]).matches(topic)) {
                try {
                    ((EventListener) l[1]).onEvent(e);
                } catch (Exception ignored) {
                    // a failing listener does not stop publishing
                }
            }
        }
        return e;
    }

    @Override
    public Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options) {
        Object[] entry = {TopicPattern.parse(pattern), listener};
        listeners.add(entry);
        return new Subscription() {
            @Override
            public void cancel() {
                listeners.remove(entry);
            }

            @Override
            public String name() {
                return options.name();
            }

            @Override
            public String pattern() {
                return pattern;
            }

            @Override
            public SubscriberStats stats() {
                return null;
            }

            @Override
            public boolean isActive() {
                return listeners.contains(entry);
            }
        };
    }

    @Override
    public Replay replay(long afterSeq, String pattern, int limit) {
        TopicPattern p = TopicPattern.parse(pattern);
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() > afterSeq && p.matches(e.topic()) && out.size() < limit) {
                out.add(e);
            }
        }
        return new Replay(out, false, 1, seq.get());
    }

    @Override
    public List<Event> recent(String pattern, int limit) {
        TopicPattern p = TopicPattern.parse(pattern);
        List<Event> m = events.stream().filter(e -> p.matches(e.topic())).toList();
        return m.subList(Math.max(0, m.size() - limit), m.size());
    }

    @Override
    public long lastSeq() {
        return seq.get();
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.of();
    }

    @Override
    public long publishedCount() {
        return seq.get();
    }

    @Override
    public void close() {
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).toList();
    }
}
